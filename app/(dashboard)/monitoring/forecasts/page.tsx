import { pendingFeature } from "@/components/ui/pending-feature-page";

const { metadata, Page } = pendingFeature("monitoring/forecasts");
export { metadata };
export default Page;
