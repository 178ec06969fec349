export { log, logger, resetLogger } from "./logger";
export { currentRequestContext, currentRequestId, outsideRequestContext, requestIdFrom, withRequestContext, type RequestContext } from "./request-context";
