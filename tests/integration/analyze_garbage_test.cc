// Issue 13, "Garbage in, clear error out": `insolectl analyze` as a real process on files a
// runner might hand it by mistake, generated in a scratch directory. Each must end with one line
// on stderr naming the file (and line) and saying what is wrong, exit status 1, and nothing on
// stdout: never a confident report. Reading is bounded: a 64 MiB file of NUL bytes is refused
// with a peak RSS far below its size (the child's ru_maxrss; no timing asserts).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "child_process.h"
#include "scratch_dir_test.h"

namespace insole::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// A two-sensel layout: one under the heel, one under the forefoot, as in analyze_cli_test.
constexpr const char* kLayout =
    R"({"name":"two","foot_length_mm":265,"sensels":[{"x_mm":0,"y_mm":30,"area_mm2":100},)"
    R"({"x_mm":0,"y_mm":200,"area_mm2":100}]})";

class AnalyzeGarbageTest : public ScratchDirTest {
 protected:
  std::string write(const std::string& name, const std::string& text) {
    const std::string p = (dir_ / name).string();
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  std::string layout() { return write("layout.json", kLayout); }

  // Runs insolectl analyze with args; expects exit 1, `message` on stderr, nothing on stdout.
  void expect_refused(const std::vector<std::string>& args, const std::string& message,
                      long* max_rss_kib = nullptr) {
    std::vector<std::string> argv = {INSOLECTL, "analyze"};
    argv.insert(argv.end(), args.begin(), args.end());
    ChildProcess ctl(argv);
    const auto status = ctl.wait(120s);
    ASSERT_TRUE(status.has_value()) << "insolectl analyze did not finish";
    EXPECT_EQ(*status, 1) << ctl.output();
    EXPECT_NE(ctl.stderr_text().find(message), std::string::npos)
        << "expected: " << message << "\ngot: " << ctl.stderr_text();
    EXPECT_EQ(ctl.output(), ctl.stderr_text()) << "stdout must stay empty";
    EXPECT_EQ(ctl.stderr_text().find("No findings"), std::string::npos);
    if (max_rss_kib) *max_rss_kib = ctl.max_rss_kib();
  }

  // 10 s of a left foot at 200 Hz: a 600 N step every second (300 ms stance) of the forces
  // force(t, stance) gives, in the analysis CSV format.
  static std::string walking_csv(double heel_scale = 1.0, double floor_n = 0.0) {
    std::ostringstream csv;
    csv << "t_s,side,f0,f1\n";
    for (int n = 0; n < 2000; ++n) {
      const double t = n * 0.005, phase = std::fmod(t, 1.0);
      const double load = phase < 0.3 ? 600 * std::sin(M_PI * phase / 0.3) : 0.0;
      char row[96];
      std::snprintf(row, sizeof(row), "%.3f,L,%.2f,%.2f\n", t, heel_scale * load + floor_n,
                    load * 0.5 + floor_n);
      csv << row;
    }
    return csv.str();
  }
};

TEST_F(AnalyzeGarbageTest, AValidWalkIsAnalysed) {
  // The generated walk the other cases corrupt is itself accepted (the cases below fail for
  // the reason they name, not because the generator makes no steps).
  ChildProcess ctl(
      {INSOLECTL, "analyze", "--layout", layout(), write("walk.csv", walking_csv()), "--json"});
  ASSERT_EQ(ctl.wait(60s), 0) << ctl.output();
  EXPECT_NE(ctl.output().find("\"steps\":{\"L\":10,\"R\":0}"), std::string::npos) << ctl.output();
}

TEST_F(AnalyzeGarbageTest, HeaderOnlyCsvHasNoDataRows) {
  expect_refused({"--layout", layout(), write("run.csv", "t_s,side,f0,f1\n")},
                 "run.csv line 1: no data rows: the recording is empty");
}

TEST_F(AnalyzeGarbageTest, EmptyGaitpdbFile) {
  expect_refused({"--format", "gaitpdb", write("GaCo99_01.txt", "")},
                 "GaCo99_01.txt line 1: empty file: expected rows of 19 tab-separated columns");
}

TEST_F(AnalyzeGarbageTest, LayoutWithNegativeAreaNamesTheLine) {
  const std::string bad = write("layout.json",
                                "{\"name\": \"two\",\n"
                                " \"foot_length_mm\": 265,\n"
                                " \"sensels\": [\n"
                                "  {\"x_mm\": 0, \"y_mm\": 30, \"area_mm2\": 100},\n"
                                "  {\"x_mm\": 0, \"y_mm\": 200, \"area_mm2\": -150}\n"
                                " ]}\n");
  expect_refused({"--layout", bad, write("walk.csv", walking_csv())},
                 "layout.json line 5: sensel 1 has \"area_mm2\" -150: an area cannot be negative");
}

TEST_F(AnalyzeGarbageTest, AllNegativeForcesAreNotNoise) {
  // The same walk with every force negated (a sign error in an exporter).
  expect_refused({"--layout", layout(), write("walk.csv", walking_csv(-1.0, -20.0))},
                 "walk.csv line 2: f0 is -20 N: a force cannot be negative beyond sensor noise");
}

TEST_F(AnalyzeGarbageTest, AForceOf1e300IsNotAFoot) {
  std::string csv = walking_csv();
  // Line 52 (row 51, t = 0.250 s): its heel force becomes 1e300.
  std::size_t at = 0;
  for (int line = 1; line < 52; ++line) at = csv.find('\n', at) + 1;
  const std::size_t f0 = csv.find(",L,", at) + 3;
  csv.replace(f0, csv.find(',', f0) - f0, "1e300");
  expect_refused({"--layout", layout(), write("walk.csv", csv)},
                 "walk.csv line 52: f0 is 1e+300 N: above 20 kN on one sensel");
}

TEST_F(AnalyzeGarbageTest, NoStepsIsAnErrorNotNoFindings) {
  // Well-formed rows, forces within noise of zero: an insole lying on a table.
  std::ostringstream csv;
  csv << "t_s,side,f0,f1\n";
  for (int n = 0; n < 2000; ++n) csv << n * 0.005 << (n % 2 ? ",L,-0.5,1.5\n" : ",L,0.5,0\n");
  expect_refused({"--layout", layout(), write("table.csv", csv.str())},
                 "table.csv lines 2-2001: no steps found in 2000 rows over 10.0 s");
  expect_refused({"--layout", layout(), write("table.csv", csv.str()), "--json"}, "no steps found");
}

TEST_F(AnalyzeGarbageTest, ADirectoryGivenAsAFileSaysSo) {
  fs::create_directories(dir_ / "run.csv");
  fs::create_directories(dir_ / "layout.d");
  expect_refused({"--layout", layout(), (dir_ / "run.csv").string()},
                 (dir_ / "run.csv").string() + ": is a directory");
  expect_refused({"--layout", (dir_ / "layout.d").string(), write("walk.csv", walking_csv())},
                 (dir_ / "layout.d").string() + ": is a directory");
  expect_refused({"--format", "gaitpdb", (dir_ / "run.csv").string()}, "is a directory");
}

TEST_F(AnalyzeGarbageTest, AnOverlongLineIsAnErrorNamingIt) {
  // Line 3 is 1 MiB of digits with no comma: no row of two sensels is that long.
  const std::string csv = "t_s,side,f0,f1\n0,L,0,0\n" + std::string(1 << 20, '7') + "\n";
  expect_refused({"--layout", layout(), write("long.csv", csv)},
                 "long.csv line 3: longer than 65536 bytes");
  const std::string txt = "0.00\t" + std::string(1 << 20, '1') + "\n";
  expect_refused({"--format", "gaitpdb", write("long.txt", txt)},
                 "long.txt line 1: longer than 4096 bytes");
}

TEST_F(AnalyzeGarbageTest, NulBytesAreRefusedWithMemoryBoundedBelowTheFileSize) {
  // Peak RSS reading 64 MiB of NUL bytes against reading 4 KiB of them: the difference is what
  // the input's size costs (reading it whole would cost 64 MiB). Measured as a difference, the
  // bound holds in any build (a sanitizer's own memory is in both).
  constexpr std::size_t kFileBytes = 64u << 20;  // 64 MiB
  constexpr long kMaxGrowthKib = 8 * 1024;
  const auto zeros = [&](const std::string& name, std::size_t bytes) {
    const std::string path = (dir_ / name).string();
    std::ofstream out(path, std::ios::binary);
    const std::string chunk(std::min<std::size_t>(bytes, 1 << 20), '\0');
    for (std::size_t i = 0; i < bytes / chunk.size(); ++i) out << chunk;
    return path;
  };
  const std::string big = zeros("zeros.csv", kFileBytes);
  const std::string small = zeros("small.csv", 4096);
  ASSERT_EQ(fs::file_size(big), kFileBytes);
  const std::string walk = write("walk.csv", walking_csv());
  struct Case {
    std::vector<std::string> big_args, small_args;
    std::string error;
  };
  const std::vector<Case> cases = {
      {{"--layout", layout(), big},
       {"--layout", layout(), small},
       "zeros.csv line 1: holds a NUL byte"},
      {{"--format", "gaitpdb", big},
       {"--format", "gaitpdb", small},
       "zeros.csv line 1: holds a NUL byte"},
      // A layout of NUL bytes is refused as well, without reading it whole.
      {{"--layout", big, walk}, {"--layout", small, walk}, "zeros.csv line 1:"}};
  for (const Case& c : cases) {
    long rss = 0, baseline = 0;
    expect_refused(c.big_args, c.error, &rss);
    expect_refused(c.small_args, "small.csv line 1:", &baseline);
    EXPECT_GT(baseline, 0);
    EXPECT_LT(rss - baseline, kMaxGrowthKib)
        << "peak RSS " << rss << " KiB reading 64 MiB, " << baseline << " KiB reading 4 KiB ("
        << c.big_args[1] << ")";
  }
}

}  // namespace
}  // namespace insole::testing
