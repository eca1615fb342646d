// `mobilenmt bleu`; see bleu_command.h and docs/bleu.md.
#include "bleu_command.h"

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <stdexcept>

#include "bleu.h"

namespace mnmt::bleu {
namespace {

constexpr const char* kUsage =
    "usage: mobilenmt bleu --ref FILE [--ref FILE ...] [options] < hypotheses\n"
    "\n"
    "sacreBLEU-compatible corpus BLEU (tokenizer 13a, smooth exp), one hypothesis per line.\n"
    "\n"
    "  -r, --ref FILE        reference file, one segment per line; repeat for more references\n"
    "  -lc, --lowercase      lowercase hypotheses and references (signature case:lc)\n"
    "  -tok, --tokenize T    13a (default) or none\n"
    "  -w, --width N         decimals of the score, 0..20 (default 2; sacreBLEU's CLI uses 1)\n"
    "  --json                print sacreBLEU's JSON report instead of the two text lines\n"
    "  -b, --score-only      print only the score\n"
    "  -h, --help            this text\n"
    "\n"
    "exit status: 0 ok, 2 usage error or bad input (unreadable file, invalid UTF-8,\n"
    "line count of a reference differs from the hypotheses')\n";

// Validates UTF-8 line by line so the message can name the line.
bool check_utf8(const std::vector<std::string>& lines, const std::string& name, std::ostream& err) {
  for (size_t i = 0; i < lines.size(); ++i) {
    size_t offset = 0;
    if (!is_valid_utf8(lines[i], &offset)) {
      err << "mobilenmt bleu: " << name << ": line " << (i + 1) << " is not valid UTF-8 (byte "
          << (offset + 1) << ")\n";
      return false;
    }
  }
  return true;
}

bool parse_width(const std::string& text, int* width) {
  if (text.empty() || text.size() > 2) return false;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  if (value > 20) return false;
  *width = value;
  return true;
}

}  // namespace

std::vector<std::string> split_lines(const std::string& data) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < data.size()) {
    size_t nl = data.find('\n', start);
    if (nl == std::string::npos) {
      lines.emplace_back(data, start, std::string::npos);
      break;
    }
    lines.emplace_back(data, start, nl - start);
    start = nl + 1;
  }
  return lines;
}

int run_bleu_command(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                     std::ostream& err) {
  std::vector<std::string> ref_files;
  Options options;
  int width = 2;
  bool json = false, score_only = false;

  const auto usage_error = [&](const std::string& message) {
    err << "mobilenmt bleu: " << message << "\n" << kUsage;
    return kExitUsage;
  };
  for (size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    std::string value;
    bool has_inline_value = false;
    if (arg.rfind("--", 0) == 0) {
      const size_t eq = arg.find('=');
      if (eq != std::string::npos) {
        value = arg.substr(eq + 1);
        arg.resize(eq);
        has_inline_value = true;
      }
    }
    const auto take_value = [&](std::string* dst) {
      if (has_inline_value) {
        *dst = value;
        return true;
      }
      if (i + 1 >= args.size()) return false;
      *dst = args[++i];
      return true;
    };
    const bool takes_value = arg == "--ref" || arg == "-r" || arg == "--tokenize" ||
                             arg == "-tok" || arg == "--width" || arg == "-w";
    if (has_inline_value && !takes_value) return usage_error("option " + arg + " takes no value");
    if (arg == "-h" || arg == "--help") {
      out << kUsage;
      return kExitOk;
    } else if (arg == "--ref" || arg == "-r") {
      std::string file;
      if (!take_value(&file)) return usage_error(arg + " needs a file name");
      ref_files.push_back(file);
    } else if (arg == "--lowercase" || arg == "-lc") {
      options.lowercase = true;
    } else if (arg == "--tokenize" || arg == "-tok") {
      std::string name;
      if (!take_value(&name)) return usage_error(arg + " needs 13a or none");
      if (name == "13a") {
        options.tokenizer = Tokenizer::k13a;
      } else if (name == "none") {
        options.tokenizer = Tokenizer::kNone;
      } else {
        return usage_error("unknown tokenizer '" + name + "' (13a or none)");
      }
    } else if (arg == "--width" || arg == "-w") {
      std::string text;
      if (!take_value(&text) || !parse_width(text, &width)) {
        return usage_error(arg + " needs a number of decimals from 0 to 20");
      }
    } else if (arg == "--json") {
      json = true;
    } else if (arg == "--score-only" || arg == "-b") {
      score_only = true;
    } else {
      return usage_error("unknown argument '" + args[i] + "'");
    }
  }
  if (ref_files.empty()) return usage_error("at least one --ref FILE is required");
  if (json && score_only) return usage_error("--json and --score-only exclude each other");

  // Read everything before scoring so that every input error is reported with exit status 2.
  const std::string hyp_name = "hypotheses (stdin)";
  std::string hyp_data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    err << "mobilenmt bleu: cannot read " << hyp_name << "\n";
    return kExitUsage;
  }
  const std::vector<std::string> hyps = split_lines(hyp_data);
  if (!check_utf8(hyps, hyp_name, err)) return kExitUsage;

  std::vector<std::vector<std::string>> refs;
  for (const std::string& file : ref_files) {
    std::ifstream f(file, std::ios::binary);
    if (!f) {
      err << "mobilenmt bleu: cannot open reference file '" << file << "'\n";
      return kExitUsage;
    }
    std::string data((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    if (f.bad()) {
      err << "mobilenmt bleu: cannot read reference file '" << file << "'\n";
      return kExitUsage;
    }
    refs.push_back(split_lines(data));
    if (!check_utf8(refs.back(), "reference '" + file + "'", err)) return kExitUsage;
    if (refs.back().size() != hyps.size()) {
      err << "mobilenmt bleu: line count mismatch: " << hyp_name << " has " << hyps.size()
          << " lines but reference '" << file << "' has " << refs.back().size() << " lines\n";
      return kExitUsage;
    }
  }

  const Score score = corpus_bleu(hyps, refs, options);
  const std::string sig = signature(static_cast<int>(refs.size()), options);
  if (score_only) {
    out << format_score_only(score, width) << "\n";
  } else if (json) {
    out << format_json(score, sig, width) << "\n";
  } else {
    out << format_text(score, width) << "\n" << sig << "\n";
  }
  out.flush();
  return kExitOk;
}

}  // namespace mnmt::bleu
