// `mobilenmt bleu`: sacreBLEU-compatible corpus BLEU of the hypotheses on stdin against one or more
// reference files. The CLI main calls run_bleu_command with the arguments after "bleu".
//
//   mobilenmt bleu --ref FILE [--ref FILE2 ...] [--lowercase] [--tokenize 13a|none]
//                  [--width N] [--json | --score-only] < hypotheses
//
// Text output (default): "BLEU = 27.31 58.9/33.2/20.7/13.2 (BP = ... ref_len = 1222)" and then the
// signature "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.x-compatible".
// Exit status: 0 ok; 2 usage error or bad input (unreadable file, invalid UTF-8, a reference whose
// line count differs from the hypotheses'). docs/bleu.md has the details.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace mnmt::bleu {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 2;  // also bad input, as for every mobilenmt command

// args: the arguments after "bleu" (no program name). Hypotheses are read from `in` until EOF.
int run_bleu_command(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                     std::ostream& err);

// Splits file contents into lines the way Python reads a file opened with newline="\n" (what
// sacreBLEU does): only '\n' ends a line, a final line without '\n' still counts, '\r' stays.
std::vector<std::string> split_lines(const std::string& data);

}  // namespace mnmt::bleu
