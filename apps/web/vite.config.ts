import { reactRouter } from '@react-router/dev/vite';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [tailwindcss(), reactRouter()],
  // Route modules import only pure packages (core, i18n, api/errors); Vite bundles those copies
  // into the server build, so errors are recognised by shape, not by class identity.
  server: { hmr: { port: 24678 } },
});
