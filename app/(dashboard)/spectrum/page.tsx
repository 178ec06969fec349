import { pendingFeature } from "@/components/ui/pending-feature-page";

const { metadata, Page } = pendingFeature("spectrum");
export { metadata };
export default Page;
