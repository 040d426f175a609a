// Moved to components/form.tsx with the one form convention (issue 17); kept only until the
// last importer follows.
export { ConfirmAction, InlineForm, useOnSuccess } from '../form.tsx';
