import { pendingFeature } from "@/components/ui/pending-feature-page";

const { metadata, Page } = pendingFeature("users/cohorts");
export { metadata };
export default Page;
