/// Formats sniffed after `canonical`, most specific first. Add new formats here.
/// Bedrock goes first: its `schemaType` marker is unambiguous, while the `openai` shapes are
/// recognised by looser key combinations.
let registeredFormats: [any LogFormat] = [BedrockFormat(), OpenAIFormat()]
