export { InputError, type InputErrorLocation } from './input-error.js';
export {
  type ErrorCode,
  errorCodes,
  exitStatusFor,
  TracehoundError,
  type TracehoundErrorOptions,
} from './tracehound-error.js';
