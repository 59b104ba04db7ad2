#include "insole/paths/paths.h"

#include <gtest/gtest.h>

#include <set>

namespace insole::paths {
namespace {

TEST(Paths, TheSystemServicesFilesAreTheOnesTheUnitAndConfigurationName) {
  EXPECT_STREQ(kSystemSocket, "/run/insole/insoled.sock");
  EXPECT_STREQ(kSystemDatabase, "/var/lib/insole/insole.db");
  EXPECT_STREQ(kSystemConfig, "/etc/insole/insoled.conf");
  EXPECT_STREQ(kGroup, "insole");
}

TEST(Paths, AUsersFilesFollowTheXdgDirectoriesAndFallBackToHome) {
  const Environment xdg{"/run/user/1000", "/data", "/home/ana"};
  EXPECT_EQ(user_socket(xdg), "/run/user/1000/insole/insoled.sock");
  EXPECT_EQ(user_database(xdg), "/data/insole/insole.db");
  const Environment home{nullptr, "", "/home/ana"};
  EXPECT_EQ(user_socket(home), std::nullopt);  // no runtime directory: no user socket
  EXPECT_EQ(user_database(home), "/home/ana/.local/share/insole/insole.db");
  EXPECT_EQ(user_database(Environment{}), std::nullopt);
}

TEST(Paths, AClientTriesTheUsersSocketThenTheSystems) {
  EXPECT_EQ(client_sockets({"/run/user/1000", nullptr, nullptr}),
            (std::vector<std::string>{"/run/user/1000/insole/insoled.sock", kSystemSocket}));
  EXPECT_EQ(client_sockets({}), std::vector<std::string>{kSystemSocket});
}

TEST(Paths, AClientOpensTheUsersDatabaseIfItExistsElseTheSystems) {
  const Environment env{nullptr, nullptr, "/home/ana"};
  const std::string user = "/home/ana/.local/share/insole/insole.db";
  std::set<std::string> files;
  const auto exists = [&](const std::string& p) { return files.contains(p); };

  DatabaseChoice none = client_database(env, exists);  // a new user: theirs, to be created
  EXPECT_EQ(none.path, user);
  EXPECT_EQ(none.looked_at, (std::vector<std::string>{user, kSystemDatabase}));
  EXPECT_FALSE(none.exists);
  files.insert(kSystemDatabase);  // the service's, for a member of group insole
  EXPECT_EQ(client_database(env, exists).path, kSystemDatabase);
  EXPECT_TRUE(client_database(env, exists).exists);
  files.insert(user);  // their own recorder's comes first
  EXPECT_EQ(client_database(env, exists).path, user);
  EXPECT_EQ(client_database(Environment{}, exists).path, kSystemDatabase);
}

}  // namespace
}  // namespace insole::paths
