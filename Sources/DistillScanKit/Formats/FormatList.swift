/// Formats sniffed after `canonical`, most specific first. Add new formats here.
/// Bedrock goes first: its `schemaType` marker is unambiguous, while the `openai` shapes are
/// recognised by looser key combinations. Vertex rows are recognised by `logging_time` +
/// `full_request`, Helicone rows by `request_id` + `request_created_at`, Langfuse observations by
/// `trace_id` + `start_time` (snake case; LiteLLM payloads write `startTime`).
let registeredFormats: [any LogFormat] = [BedrockFormat(), VertexFormat(), HeliconeFormat(), LangfuseFormat(), AzureFormat(), OpenAIFormat()]
