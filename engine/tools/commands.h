// The `mobilenmt` subcommands. Each takes the arguments after its name and returns the exit status.
#pragma once

#include "cli_common.h"

namespace mnmt::cli {

int translate_command(Arguments& args);  // text in, text out
int ids_command(Arguments& args);        // text in, target token ids out (golden tests)
int inspect_command(Arguments& args);
int bench_command(Arguments& args);

}  // namespace mnmt::cli
