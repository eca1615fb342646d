// `mobilenmt bench -m MODEL -i FILE [--ref FILE] [--warmup N] [--beam N]`: the design.md §6 protocol
// on one thread, batch 1: per-sentence latency, tokens/s, model load time, peak RSS, kernel ISA, and
// the BLEU of the same outputs when references are given.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "commands.h"
#include "mobilenmt/translator.h"
#ifdef MNMT_HAVE_BLEU
#include "bleu.h"
#endif

namespace mnmt::cli {
namespace {

using Clock = std::chrono::steady_clock;

double milliseconds_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw UsageError("cannot read '" + path + "'");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

// Nearest-rank percentile of sorted values.
double percentile(const std::vector<double>& sorted, double p) {
  const size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  return sorted[rank == 0 ? 0 : rank - 1];
}

// Peak resident set size in KiB: VmHWM where /proc exists, getrusage otherwise.
long peak_rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "VmHWM:") {
      long kib = 0;
      status >> kib;
      return kib;
    }
    status.ignore(1 << 16, '\n');
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// Corpus BLEU of the outputs, or an empty string when no references were given.
std::string bleu_line(const std::vector<std::string>& outputs, const std::optional<std::string>& reference_path) {
  if (!reference_path) return "";
#ifdef MNMT_HAVE_BLEU
  const std::vector<std::string> references = read_lines(*reference_path);
  if (references.size() != outputs.size()) {
    throw UsageError("--ref has " + std::to_string(references.size()) + " lines, the input " +
                     std::to_string(outputs.size()));
  }
  return bleu::format_text(bleu::corpus_bleu(outputs, {references}));
#else
  throw UsageError("--ref needs the BLEU scorer, which this build lacks");
#endif
}

}  // namespace

int bench_command(Arguments& args) {
  const std::string model_path = args.require({"-m", "--model"});
  const std::string input_path = args.require({"-i", "--input"});
  const std::optional<std::string> reference_path = args.take({"-r", "--ref"});
  const int warmup = args.take_int({"--warmup"}, 5, 0, 1000000);
  TranslateOptions options;
  options.beam_size = args.take_int({"--beam"}, 1, 1, 64);
  options.max_batch_size = 1;
  args.positional(0, 0);
  const std::vector<std::string> lines = read_lines(input_path);
  std::vector<std::string> sentences;
  for (const std::string& line : lines) {
    if (line.find_first_not_of(" \t") != std::string::npos) sentences.push_back(line);
  }
  if (sentences.empty()) throw UsageError("input file '" + input_path + "' has no sentences");

  const Clock::time_point load_start = Clock::now();
  const std::shared_ptr<const Model> model = load_model(model_path);
  const double load_ms = milliseconds_since(load_start);
  Translator translator(model, options);

  for (int i = 0; i < warmup; ++i) translator.translate(sentences[static_cast<size_t>(i) % sentences.size()]);

  std::vector<double> latencies;
  std::vector<std::string> outputs;
  size_t source_tokens = 0, target_tokens = 0;
  for (const std::string& line : lines) {
    const Clock::time_point start = Clock::now();
    const TranslationResult result = translator.translate(line);
    if (!result.sentences.empty()) latencies.push_back(milliseconds_since(start));
    outputs.push_back(result.text);
    for (const SentenceTranslation& s : result.sentences) {
      source_tokens += s.source_ids.size();
      target_tokens += s.target_ids.size();
    }
  }
  const double total_ms = std::accumulate(latencies.begin(), latencies.end(), 0.0);
  std::vector<double> sorted = latencies;
  std::sort(sorted.begin(), sorted.end());
  const std::string bleu = bleu_line(outputs, reference_path);

  std::printf("model: %s (%.2f MB), kernel %s, 1 thread, batch 1, %s\n", model_path.c_str(),
              static_cast<double>(model->file_size()) / 1e6, model->kernel_isa(),
              options.beam_size == 1 ? "greedy" : ("beam " + std::to_string(options.beam_size)).c_str());
  std::printf("model load: %.2f ms\n", load_ms);
  std::printf("sentences: %zu (after %d warm-up)\n", sorted.size(), warmup);
  std::printf("latency ms: mean %.3f  p50 %.3f  p90 %.3f  p99 %.3f\n", total_ms / static_cast<double>(sorted.size()),
              percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99));
  std::printf("throughput: %.1f source tokens/s, %.1f target tokens/s (SentencePiece pieces, eos excluded)\n",
              static_cast<double>(source_tokens) / (total_ms / 1000.0),
              static_cast<double>(target_tokens) / (total_ms / 1000.0));
  std::printf("peak RSS: %.1f MiB\n", static_cast<double>(peak_rss_kib()) / 1024.0);
  if (!bleu.empty()) std::printf("%s\n", bleu.c_str());
  return kExitOk;
}

}  // namespace mnmt::cli
