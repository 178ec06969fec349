import { pendingFeature } from "@/components/ui/pending-feature-page";

const { metadata, Page } = pendingFeature("monitoring/anomalies");
export { metadata };
export default Page;
