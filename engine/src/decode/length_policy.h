// How many target tokens a sentence may produce (docs/numerics.md §8).
#pragma once

namespace mnmt {

// min(floor(ratio * source_length + offset), max_positions - 1), computed in float32;
// source_length counts the appended eos. Never exceeds the position table.
int max_target_length(float ratio, unsigned offset, int source_length, int max_positions);

}  // namespace mnmt
