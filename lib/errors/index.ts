// Neutral error types shared by domain code, jobs and the HTTP boundary.
export { AppError, type ErrorCode } from "./app-error";
export { statusOfCode } from "./status";
