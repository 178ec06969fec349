import { pendingFeature } from "@/components/ui/pending-feature-page";

const { metadata, Page } = pendingFeature("experiments");
export { metadata };
export default Page;
