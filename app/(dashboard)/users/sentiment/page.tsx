import { pendingFeature } from "@/app/_server/pending-feature";

const { metadata, Page } = pendingFeature("users/sentiment");
export { metadata };
export default Page;
