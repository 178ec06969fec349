import { pendingFeature } from "@/app/_server/pending-feature";

const { metadata, Page } = pendingFeature("users/cohorts");
export { metadata };
export default Page;
