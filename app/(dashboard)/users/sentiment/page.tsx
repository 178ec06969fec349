import { pendingFeature } from "@/components/ui/pending-feature-page";

const { metadata, Page } = pendingFeature("users/sentiment");
export { metadata };
export default Page;
