// insoled's configuration: parse_config() over arbitrary text, load_config_file() over the same
// bytes as a file (a memfd), and parse_command_line() over the input split at NUL bytes into
// arguments. Properties: a rejected text says "FILE:LINE: ..."; the file and the text parse
// alike; a command line that parses can be applied to a configuration.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "command_line.h"
#include "config.h"
#include "config_file.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using insole::fuzz::check;
  using insole::fuzz::starts_with;
  namespace app = insole::app;
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  const app::ConfigParse parsed = app::parse_config(text, "fuzz.conf");
  if (parsed.config) {
    check(parsed.error.empty(), "a valid configuration has an error");
    check(parsed.config->rate_hz >= 50 && parsed.config->rate_hz <= 1000, "rate_hz out of range");
  } else {
    check(starts_with(parsed.error, "fuzz.conf:"), "a configuration error does not name the file");
  }

  insole::fuzz::MemoryFile file(data, size);
  const app::ConfigParse loaded = app::load_config_file(file.path(), true);
  check(loaded.config == parsed.config, "the file and the text parse differently");
  if (!loaded.config) {
    check(starts_with(loaded.error, file.path() + ":") &&
              loaded.error.substr(file.path().size()) ==
                  parsed.error.substr(std::string_view("fuzz.conf").size()),
          "the file and the text fail differently");
  }

  // The same bytes as a command line: insoled ARG0 ARG1 ... (split at NUL, at most 32).
  std::vector<std::string> args{"insoled"};
  std::size_t from = 0;
  while (from <= size && args.size() < 33) {
    auto nul = text.find('\0', from);
    if (nul == std::string_view::npos) nul = size;
    args.emplace_back(text.substr(from, nul - from));
    from = nul + 1;
  }
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  argv.push_back(nullptr);
  const app::CommandLineParse cl =
      app::parse_command_line(static_cast<int>(args.size()), argv.data());
  if (cl.command_line) {
    const app::Config applied =
        app::apply_flags(*cl.command_line, parsed.config.value_or(app::Config{}));
    if (cl.command_line->rate_hz) check(applied.rate_hz == *cl.command_line->rate_hz, "rate lost");
    const app::ConfigParse one_run = app::one_run_config(*cl.command_line);
    check(one_run.config.has_value() != !one_run.error.empty(), "one_run_config: both or neither");
  } else {
    check(!cl.error.empty(), "a rejected command line gets no error");
  }
  return 0;
}
