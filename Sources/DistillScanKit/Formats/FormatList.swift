/// Formats sniffed after `canonical`, most specific first. Add new formats here.
/// Bedrock goes first: its `schemaType` marker is unambiguous, while the `openai` shapes are
/// recognised by looser key combinations. Vertex rows are recognised by `logging_time` +
/// `full_request`, Helicone rows by `request_id` + `request_created_at`.
let registeredFormats: [any LogFormat] = [BedrockFormat(), VertexFormat(), HeliconeFormat(), OpenAIFormat()]
