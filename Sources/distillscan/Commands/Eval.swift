import ArgumentParser
struct Eval: ParsableCommand {}
