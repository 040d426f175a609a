import { createContext, useContext } from 'react';

/**
 * The nonce the page's Content-Security-Policy allows inline scripts by (apps/web/server/security-headers.ts).
 * Known only while rendering on the server; the browser hides it from scripts and hydration needs none.
 */
export const CspNonceContext = createContext<string | undefined>(undefined);

export const useCspNonce = () => useContext(CspNonceContext);
