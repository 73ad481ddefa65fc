export { InputError, type InputErrorLocation } from './input-error.js';
export { type ErrorCode, exitStatusFor, TracehoundError, type TracehoundErrorOptions } from './tracehound-error.js';
