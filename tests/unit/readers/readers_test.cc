#include "insole/readers/readers.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "insole/readers/line_reader.h"

namespace insole::readers {
namespace {

std::string error_of(const std::string& csv, std::size_t sensels = 2) {
  std::istringstream in(csv);
  try {
    CsvRecordingReader reader(in, "rec.csv", sensels);
    Row row;
    while (reader.next(row)) {
    }
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(CsvRecording, ReadsInterleavedFeet) {
  std::istringstream in("t_s,side,f0,f1\r\n0.000,L,1.5,2\n0.000,R,3,4\n0.005,L,5,6e1\n\n");
  CsvRecordingReader reader(in, "rec.csv", 2);
  Row row;
  ASSERT_TRUE(reader.next(row));
  EXPECT_EQ(row.side, analysis::Side::kLeft);
  EXPECT_FLOAT_EQ(row.forces_n[0], 1.5f);
  ASSERT_TRUE(reader.next(row));
  EXPECT_EQ(row.side, analysis::Side::kRight);
  ASSERT_TRUE(reader.next(row));
  EXPECT_DOUBLE_EQ(row.t_s, 0.005);
  EXPECT_FLOAT_EQ(row.forces_n[1], 60.f);
  EXPECT_FALSE(reader.next(row));
}

TEST(CsvRecording, ErrorsNameTheLineAndTheProblem) {
  EXPECT_EQ(error_of("t_s,side,f0,f1,f2\n"),
            "rec.csv line 1: header has 3 force columns but the layout has 2 sensels");
  EXPECT_EQ(error_of("t_s,side,f0,f1\n0,L,1,2\n0.1,L,1\n"),
            "rec.csv line 3: expected 4 columns, found 3");
  EXPECT_EQ(error_of("t_s,side,f0,f1\n0,L,1,x2\n"), "rec.csv line 2: f1 'x2' is not a number");
  EXPECT_EQ(error_of("t_s,side,f0,f1\n0,Q,1,2\n"), "rec.csv line 2: side 'Q' is neither L nor R");
  EXPECT_NE(error_of("t_s,side,f0,f1\n0.2,L,1,2\n0.3,R,1,2\n0.1,L,1,2\n")
                .find("line 4: time 0.100000 s is not after the previous L row"),
            std::string::npos);
  EXPECT_EQ(error_of("t_s,side,f0,f1\nnan,L,1,2\n"), "rec.csv line 2: time 'nan' is not a number");
  EXPECT_EQ(error_of(""), "rec.csv line 1: empty file: expected the header t_s,side,f0,...");
}

// Issue 13: garbage is an error naming the line, never data.
TEST(CsvRecording, HeaderOnlyHasNoDataRows) {
  EXPECT_EQ(error_of("t_s,side,f0,f1\n"),
            "rec.csv line 1: no data rows: the recording is empty (only its header)");
  EXPECT_EQ(error_of("t_s,side,f0,f1\r\n\r\n\n"),
            "rec.csv line 3: no data rows: the recording is empty (only its header)");
}

TEST(CsvRecording, ForcesOutsideWhatASenselCanReadAreErrors) {
  EXPECT_EQ(error_of("t_s,side,f0,f1\n0,L,-200,-300\n"),
            "rec.csv line 2: f0 is -200 N: a force cannot be negative beyond sensor noise (-10 N)");
  EXPECT_EQ(error_of("t_s,side,f0,f1\n0,L,0,0\n0.005,R,1,1e300\n"),
            "rec.csv line 3: f1 is 1e+300 N: above 20 kN on one sensel, which no foot can produce");
  EXPECT_EQ(
      error_of("t_s,side,f0,f1\n0,L,0,20000.5\n"),
      "rec.csv line 2: f1 is 20000.5 N: above 20 kN on one sensel, which no foot can produce");
  // At the limits, and noise around zero, are data.
  EXPECT_EQ(error_of("t_s,side,f0,f1\n0,L,-10,20000\n0.005,L,-0.3,0\n"), "");
}

TEST(CsvRecording, OverlongLinesAndBinaryDataNameTheLine) {
  EXPECT_EQ(error_of("t_s,side,f0,f1\n0,L,1,2\n" + std::string(70000, '9') + "\n"),
            "rec.csv line 3: longer than 65536 bytes: not a line of this format (is it the right "
            "file?)");
  EXPECT_EQ(error_of(std::string(5, '\0')),
            "rec.csv line 1: holds a NUL byte: binary data, not a text file");
  EXPECT_EQ(error_of(std::string("t_s,side,f0,f1\n0,L,1,2\n0.1,L,1\0,2\n", 34)),
            "rec.csv line 3: holds a NUL byte: binary data, not a text file");
  // A quoted field is cut short and its control bytes escaped.
  EXPECT_EQ(error_of("t_s,side,f0,f1\n0,L,1,\x01" + std::string(40, 'x') + "\n"),
            "rec.csv line 2: f1 '\\x01xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...' is not a number");
}

TEST(LineReader, BoundsLinesWhateverTheInputSize) {
  // Lines up to the bound pass, CR LF or LF, a last line without LF included; one byte more
  // fails, however the stream delivers it.
  const std::string ok(100, 'a');
  std::istringstream in(ok + "\r\n" + ok + "\n\n" + ok);
  LineReader lines(in, "f.txt", 100);
  std::string_view line;
  ASSERT_TRUE(lines.next(line));
  EXPECT_EQ(line, ok);
  ASSERT_TRUE(lines.next(line));
  EXPECT_EQ(line, ok);
  ASSERT_TRUE(lines.next(line));
  EXPECT_EQ(line, "");
  ASSERT_TRUE(lines.next(line));
  EXPECT_EQ(line, ok);
  EXPECT_EQ(lines.line(), 4u);
  EXPECT_FALSE(lines.next(line));

  std::istringstream too_long("x\n" + std::string(1 << 20, 'b'));  // no LF at all
  LineReader bounded(too_long, "f.txt", 100);
  ASSERT_TRUE(bounded.next(line));
  try {
    bounded.next(line);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(),
                 "f.txt line 2: longer than 100 bytes: not a line of this format (is it the right "
                 "file?)");
  }
}

TEST(LayoutJson, ImpossibleValuesNameTheirLine) {
  const auto error_of = [](const std::string& text) {
    std::istringstream in(text);
    try {
      read_layout_json(in, "l.json");
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no InputError");
  };
  const std::string head = "{\"name\": \"two\",\n \"foot_length_mm\": 265,\n \"sensels\": [\n";
  EXPECT_EQ(error_of(head + "  {\"x_mm\": 0, \"y_mm\": 30, \"area_mm2\": 100},\n"
                            "  {\"x_mm\": 0, \"y_mm\": 200,\n   \"area_mm2\": -150}\n ]}\n"),
            "l.json line 6: sensel 1 has \"area_mm2\" -150: an area cannot be negative");
  EXPECT_EQ(error_of(head + "  {\"x_mm\": 0, \"y_mm\": 30},\n  {\"x_mm\": 0, \"y_mm\": 300}]}"),
            "l.json line 5: sensel 1 at y = 300 mm lies outside the foot (0..265 mm)");
  EXPECT_EQ(error_of(head + "  {\"x_mm\": 0, \"y_mm\": 30},\n  {\"x_mm\": 0}]}"),
            "l.json line 5: sensel 1 needs a number \"y_mm\"");
  EXPECT_EQ(error_of("{\"name\": \"two\",\n \"foot_length_mm\": -265,\n \"sensels\": []}"),
            "l.json line 2: \"foot_length_mm\" is -265: a foot length must be > 0");
  EXPECT_EQ(error_of(head + "  {\"x_mm\": 0, \"y_mm\": 200}]}"),
            "l.json line 3: layout has no sensel under the heel (y < 30% of length)");
  EXPECT_EQ(error_of("{\"foot_length_mm\": 265,\n \"sensor_time_constant_ms\": 80,\n"
                     " \"sensels\": [{\"x_mm\": 0, \"y_mm\": 30}, {\"x_mm\": 0, \"y_mm\": 200}]}"),
            "l.json line 2: \"sensor_time_constant_ms\" is 80: a sensel's time constant is 0-50 "
            "ms (or left out)");
  // Nested arrays and objects before the sensels do not shift the count.
  EXPECT_EQ(error_of("{\"extra\": [[1, {\"a\": [2]}], {}],\n \"foot_length_mm\": 265,\n"
                     " \"sensels\": [{\"x_mm\": 0, \"y_mm\": 30, \"area_mm2\": [1]},\n"
                     "  {\"x_mm\": 0, \"y_mm\": 200}]}"),
            "l.json line 3: sensel 0 needs a number \"area_mm2\"");
  // A file larger than any layout is refused without being read whole.
  EXPECT_EQ(error_of(std::string(kMaxLayoutBytes + 100, ' ')),
            "l.json line 1: larger than 1024 KiB: not a layout (a 1000-sensel layout is about "
            "60 kB)");
}

TEST(Gaitpdb, EmptyAndImpossibleFilesAreErrors) {
  const auto error_of = [](const std::string& text) {
    std::istringstream in(text);
    try {
      GaitpdbReader reader(in, "x.txt");
      Row l, r;
      while (reader.next(l, r)) {
      }
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no InputError");
  };
  EXPECT_EQ(error_of(""),
            "x.txt line 1: empty file: expected rows of 19 tab-separated columns (gaitpdb format)");
  EXPECT_EQ(error_of("\r\n\n"), "x.txt line 2: no data rows: the file holds only blank lines");
  std::string row = "0.00";
  for (int c = 2; c <= 19; ++c) row += c == 5 ? "\t-50" : "\t1";
  EXPECT_EQ(error_of(row + "\n"),
            "x.txt line 1: column 5 is -50 N: a force cannot be negative beyond sensor noise "
            "(-10 N)");
  row = "0.00";
  for (int c = 2; c <= 19; ++c) row += c == 9 ? "\t1e300" : "\t1";
  EXPECT_EQ(error_of(row + "\n"),
            "x.txt line 1: column 9 is 1e+300 N: above 20 kN on one sensel, which no foot can "
            "produce");
  EXPECT_EQ(error_of(std::string(8192, '\0')),
            "x.txt line 1: holds a NUL byte: binary data, not a text file");
  EXPECT_EQ(error_of(std::string(8192, '1')),
            "x.txt line 1: longer than 4096 bytes: not a line of this format (is it the right "
            "file?)");
}

TEST(LayoutJson, ReadsAndValidates) {
  std::istringstream ok(R"({"name":"two","foot_length_mm":265,
    "sensels":[{"x_mm":0,"y_mm":20,"area_mm2":100},{"x_mm":5,"y_mm":200,"area_mm2":100}]})");
  const auto layout = read_layout_json(ok, "l.json");
  EXPECT_EQ(layout.sensels.size(), 2u);
  EXPECT_DOUBLE_EQ(layout.sensels[1].y_mm, 200);
  EXPECT_EQ(layout.sensor_time_constant_s, 0.0);  // not declared: nothing compensated
  std::istringstream lagged(R"({"foot_length_mm":265,"sensor_time_constant_ms":3.5,
    "sensels":[{"x_mm":0,"y_mm":20},{"x_mm":5,"y_mm":200}]})");
  EXPECT_DOUBLE_EQ(read_layout_json(lagged, "l.json").sensor_time_constant_s, 0.0035);

  std::istringstream no_heel(R"({"foot_length_mm":265,"sensels":[{"x_mm":0,"y_mm":200}]})");
  EXPECT_THROW(read_layout_json(no_heel, "l.json"), InputError);
  std::istringstream missing(R"({"foot_length_mm":265,"sensels":[{"x_mm":0}]})");
  try {
    read_layout_json(missing, "l.json");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "l.json line 1: sensel 0 needs a number \"y_mm\"");
  }
  std::istringstream junk("{nope");
  EXPECT_THROW(read_layout_json(junk, "l.json"), InputError);
}

// Found by tests/fuzz (fuzz_layout_json, corpus crash-number-overflow): JSON the library rejects
// is an InputError naming the file and the line; nothing of nlohmann's escapes.
TEST(LayoutJson, LibraryErrorsBecomeInputErrorsWithTheLine) {
  const auto error_of = [](const std::string& text) {
    std::istringstream in(text);
    try {
      read_layout_json(in, "l.json");
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no InputError");
  };
  // A number beyond a double (nlohmann's out_of_range 406, not a parse_error).
  EXPECT_EQ(error_of("{\"name\":\"big\",\n \"foot_length_mm\": 1e400,\n \"sensels\": []}"),
            "l.json line 2: not valid JSON: number overflow parsing '1e400'");
  EXPECT_EQ(error_of("{\n\n\"sensels\": [{\"x_mm\": -1e999}]}").rfind("l.json line 3: ", 0), 0u);
  EXPECT_EQ(
      error_of("{\n  \"foot_length_mm\": 265,\n  oops").rfind("l.json line 3: not valid JSON: ", 0),
      0u);
  // A name that is not a string (json::value() threw type_error 302; corpus
  // review-name-not-string).
  EXPECT_EQ(error_of(R"({"name":5,"foot_length_mm":265,"sensels":[{"x_mm":0,"y_mm":20}]})"),
            "l.json line 1: the layout's \"name\" must be a string");
}

TEST(Gaitpdb, ReadsTheRealFileExactly) {
  if (std::string(INSOLE_DATASETS_DIR).empty()) {
    GTEST_SKIP() << "no datasets folder was found at configure time (see the CMake warning)";
  }
  const std::string path =
      std::string(INSOLE_DATASETS_DIR) + "/physionet-gaitpdb/data/GaCo01_01.txt";
  std::ifstream in(path);
  ASSERT_TRUE(in) << "missing dataset " << path
                  << " (set -DINSOLE_DATASETS_DIR=... to the shared datasets folder)";
  GaitpdbReader reader(in, path);
  Row l, r;
  std::size_t rows = 0;
  double first_total_l = 0, max_col_sum_error = 0;
  std::ifstream raw(path);
  std::string line;
  while (reader.next(l, r)) {
    std::getline(raw, line);
    std::istringstream cols(line);
    double v[19];
    for (double& x : v) cols >> x;
    double sum_l = 0, sum_r = 0;
    for (int i = 0; i < 8; ++i) {
      EXPECT_FLOAT_EQ(l.forces_n[static_cast<std::size_t>(i)], static_cast<float>(v[1 + i]));
      sum_l += static_cast<double>(l.forces_n[static_cast<std::size_t>(i)]);
      sum_r += static_cast<double>(r.forces_n[static_cast<std::size_t>(i)]);
    }
    max_col_sum_error =
        std::max({max_col_sum_error, std::abs(sum_l - v[17]), std::abs(sum_r - v[18])});
    if (rows == 0) first_total_l = sum_l;
    ++rows;
  }
  EXPECT_EQ(rows, 12119u);  // SOURCE.md: 12 119 rows
  EXPECT_LT(max_col_sum_error, 0.01);
  EXPECT_GT(first_total_l, 100.0);  // starts with both feet loaded
  EXPECT_EQ(gaitpdb_layout().sensels.size(), 8u);
}

TEST(Gaitpdb, RejectsShortRows) {
  std::istringstream in("0.00\t1\t2\n");
  GaitpdbReader reader(in, "x.txt");
  Row l, r;
  try {
    reader.next(l, r);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "x.txt line 1: expected 19 columns (gaitpdb format), found 3");
  }
}

}  // namespace
}  // namespace insole::readers
