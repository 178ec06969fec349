import { pendingFeature } from "@/components/ui/pending-feature-page";

const { metadata, Page } = pendingFeature("traces");
export { metadata };
export default Page;
