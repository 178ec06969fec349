// Alias so OTLP exporters configured with only a base URL (`OTEL_EXPORTER_OTLP_ENDPOINT=<prism>`) work:
// they post to <base>/v1/traces.
export { POST } from "@/app/api/public/otel/v1/traces/route";
