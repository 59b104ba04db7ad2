#include "insole/web/static_assets.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "insole/web/embedded_assets.h"

namespace insole::web {
namespace {

TEST(StaticAssetsTest, TheCompiledInPageIsServedAtTheRoot) {
  const StaticAssets assets;
  const auto index = assets.find("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->content_type, "text/html; charset=utf-8");
  EXPECT_NE(index->body.find("<html"), std::string::npos);
  // Every compiled-in file is found under its own name, with a fitting type.
  ASSERT_FALSE(embedded_files().empty());
  for (const auto& f : embedded_files()) {
    const auto a = assets.find("/" + std::string(f.name));
    ASSERT_TRUE(a) << f.name;
    EXPECT_EQ(a->body.size(), f.bytes.size());
    if (f.name.ends_with(".js")) {
      EXPECT_EQ(a->content_type, "text/javascript; charset=utf-8");
    }
  }
}

TEST(StaticAssetsTest, PathsLeavingTheAssetsAreRefused) {
  const StaticAssets assets;
  EXPECT_FALSE(assets.find("/../CMakeLists.txt"));
  EXPECT_FALSE(assets.find("/a/../../etc/passwd"));
  EXPECT_FALSE(assets.find("/.hidden"));
  EXPECT_FALSE(assets.find("//etc/passwd"));
  EXPECT_FALSE(assets.find("/x\\y"));
  EXPECT_FALSE(assets.find("relative.html"));
  EXPECT_FALSE(assets.find("/no-such-file.js"));
}

TEST(StaticAssetsTest, ADirectoryReplacesTheCompiledInFiles) {
  const auto dir =
      std::filesystem::temp_directory_path() /
      ("insole-assets-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  std::filesystem::create_directories(dir / "sub");
  std::ofstream(dir / "index.html") << "<html>dev</html>";
  std::ofstream(dir / "sub" / "x.css") << "body{}";
  const StaticAssets assets(dir.string());
  ASSERT_TRUE(assets.find("/"));
  EXPECT_EQ(assets.find("/")->body, "<html>dev</html>");
  ASSERT_TRUE(assets.find("/sub/x.css"));
  EXPECT_EQ(assets.find("/sub/x.css")->content_type, "text/css; charset=utf-8");
  EXPECT_FALSE(assets.find("/sub/../../outside"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace insole::web
