// `mobilenmt`: translate, ids, inspect, bench, bleu. Exit status: 0 ok, 2 usage or bad input,
// 3 bad model file (design.md §5).
#include <iostream>
#include <string>
#include <vector>

#include "commands.h"
#ifdef MNMT_HAVE_BLEU
#include "bleu_command.h"
#endif

namespace {

constexpr const char* kUsage = R"(usage: mobilenmt <command> [options]

  translate -m MODEL [--beam N] [--batch N] [--alpha A] [--no-split]
      Translate UTF-8 lines from stdin, one translation per line on stdout. Defaults: greedy
      (beam 1), batch 8, beam length penalty alpha 1.5.
  ids -m MODEL [--beam N] [--batch N] [--alpha A]
      Like translate, but print the output token ids (each line is one sentence).
  inspect MODEL
      Print the model's config, tensor count, file size, metadata and kernel ISA.
  bench -m MODEL -i FILE [--ref FILE] [--warmup N] [--beam N]
      Per-sentence latency, tokens/s, load time and peak RSS over the lines of FILE, one
      thread, batch 1; with --ref, the BLEU of the same outputs.
  bleu --ref FILE [...]
      Corpus BLEU of the hypotheses on stdin (see docs/bleu.md).

Exit status: 0 ok, 2 usage error or bad input, 3 bad model file.
MNMT_FORCE_ISA=scalar|avx2|avxvnni|avx512vnni|neon|dotprod forces a GEMM kernel.
)";

}  // namespace

int main(int argc, char** argv) {
  using namespace mnmt::cli;
  if (argc < 2) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  const std::string command = argv[1];
  std::vector<std::string> rest(argv + 2, argv + argc);
  if (command == "-h" || command == "--help" || command == "help") {
    std::cout << kUsage;
    return kExitOk;
  }
  Arguments args(rest);
  if (command == "translate") return guarded("translate", translate_command, args);
  if (command == "ids") return guarded("ids", ids_command, args);
  if (command == "inspect") return guarded("inspect", inspect_command, args);
  if (command == "bench") return guarded("bench", bench_command, args);
#ifdef MNMT_HAVE_BLEU
  if (command == "bleu") return mnmt::bleu::run_bleu_command(rest, std::cin, std::cout, std::cerr);
#endif
  report("unknown command '" + command + "' (see 'mobilenmt --help')");
  return kExitUsage;
}
