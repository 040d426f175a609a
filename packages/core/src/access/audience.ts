/**
 * Procedures an enterprise admin shares with staff answer it with the portal's own view of the
 * object, marked `audience: 'portal'`; these pick one or the other out of such an answer.
 */
type PortalAnswer = { audience: 'portal' };

function isPortal(answer: object): answer is PortalAnswer {
  return 'audience' in answer && answer.audience === 'portal';
}

/** The staff view out of an answer that may be either (a staff page never renders the portal's). */
export function staffView<T extends object>(answer: T): Exclude<T, PortalAnswer> {
  if (isPortal(answer)) throw new Error('a portal view where the staff view was expected');
  return answer as Exclude<T, PortalAnswer>;
}

/** The portal view out of an answer that may be either (the portal never renders the staff one). */
export function portalView<T extends object>(answer: T): Extract<T, PortalAnswer> {
  if (!isPortal(answer)) throw new Error('a staff view where the portal view was expected');
  return answer as Extract<T, PortalAnswer>;
}
