import DistillScanKit
import Glibc

/// libFuzzer entry point. Built with `scripts/fuzz` (`-sanitize=fuzzer -D FUZZING`), libFuzzer
/// supplies `main` and calls this for every input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  FuzzHarness.run(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size))
  return 0
}

#if FUZZING
// SwiftPM links executables with `main` aliased to `<module>_main` (so tests can link them), which
// hides libFuzzer's own `main`. Provide that symbol and hand control to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func llvmFuzzerRunDriver(
  _ argc: UnsafeMutablePointer<Int32>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

@_cdecl("DistillScanFuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
  var c = argc
  var v = argv
  return llvmFuzzerRunDriver(&c, &v) { data, size in fuzzTestOneInput(data, size) }
}
#else
/// Without the fuzzer (plain `swift build`), the target is a replay tool: it runs the harness on
/// each file given, so crashing inputs can be reproduced under a debugger.
@main
struct FuzzReplay {
  static func main() {
    for path in CommandLine.arguments.dropFirst() {
      guard let bytes = try? readWholeFile(path) else {
        print("cannot read \(path)")
        continue
      }
      bytes.withUnsafeBufferPointer { FuzzHarness.run($0) }
      print("ok \(path)")
    }
  }
}
#endif
