// `mobilenmt translate` and `mobilenmt ids`: one line of UTF-8 in, one line out. A line that cannot be
// translated (invalid UTF-8, a sentence too long) gives an empty line, a message on stderr, and exit
// status 2 once all lines are done.
#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "commands.h"
#include "mobilenmt/translator.h"

namespace mnmt::cli {
namespace {

enum class Output { kText, kIds };

bool read_lines(std::istream& in, size_t max_lines, std::vector<std::string>* lines) {
  lines->clear();
  std::string line;
  while (lines->size() < max_lines && std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines->push_back(line);
  }
  return !lines->empty();
}

void print(const TranslationResult& result, Output output) {
  if (output == Output::kText) {
    std::cout << result.text << '\n';
    return;
  }
  const char* separator = "";
  for (const SentenceTranslation& s : result.sentences) {
    for (int id : s.target_ids) {
      std::cout << separator << id;
      separator = " ";
    }
  }
  std::cout << '\n';
}

int translate_lines(Arguments& args, Output output) {
  const std::string model_path = args.require({"-m", "--model"});
  TranslateOptions options;
  options.beam_size = args.take_int({"--beam"}, options.beam_size, 1, 64);
  options.max_batch_size = args.take_int({"--batch"}, options.max_batch_size, 1, 256);
  options.length_penalty = args.take_float({"--alpha"}, options.length_penalty, 0.0f, 10.0f);
  options.split_sentences = output == Output::kText && !args.take_flag({"--no-split"});
  args.positional(0, 0);

  Translator translator(load_model(model_path), options);
  // Interactive use: answer each line at once instead of waiting for a full batch.
  const size_t lines_per_batch = isatty(STDIN_FILENO) ? 1 : static_cast<size_t>(options.max_batch_size);
  std::ios::sync_with_stdio(false);
  std::vector<std::string> lines;
  size_t line_number = 0;
  int status = kExitOk;
  while (read_lines(std::cin, lines_per_batch, &lines)) {
    const std::vector<TranslationResult> results = translator.translate_batch(lines);
    for (const TranslationResult& result : results) {
      ++line_number;
      if (result.error) {
        report("line " + std::to_string(line_number) + ": " + result.error->what() + " (wrote an empty line)");
        status = kExitUsage;
      }
      print(result, output);
    }
    std::cout.flush();
  }
  return status;
}

}  // namespace

int translate_command(Arguments& args) { return translate_lines(args, Output::kText); }
int ids_command(Arguments& args) { return translate_lines(args, Output::kIds); }

}  // namespace mnmt::cli
