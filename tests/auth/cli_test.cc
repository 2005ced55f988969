// `dateline user add`, run as a user would: the built binary, a password on standard input.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <string>

#include "auth/auth_service.h"
#include "auth/sqlite_account_store.h"
#include "testing/fake_clock.h"
#include "testing/temp_dir.h"

namespace dateline::auth {
namespace {

constexpr std::string_view kPassword = "a long and unguessable passphrase";

struct Run {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

// Runs the dateline binary with `args` (no shell metacharacters), feeding `input` on stdin.
Run dateline(const std::string& args, const std::string& input, bool with_stdin = true) {
  testing::TempDir io;
  const auto in = io.write("stdin.txt", input);
  const auto out = io.path() / "out.txt";
  const auto command = fmt::format("'{}' {} < '{}' > '{}' 2>&1", DATELINE_BIN, args,
                                   with_stdin ? in.string() : "/dev/null", out.string());
  const int status = std::system(command.c_str());
  Run run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::FILE* f = std::fopen(out.string().c_str(), "rb");
  if (f) {
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) run.output.append(buf, n);
    std::fclose(f);
  }
  return run;
}

class UserAddCliTest : public ::testing::Test {
 protected:
  std::string db() const { return (dir_.path() / "site.db").string(); }
  testing::TempDir dir_;
};

TEST_F(UserAddCliTest, PasswordStdinCreatesAnAccountThatCanSignIn) {
  const auto run = dateline(fmt::format("--db '{}' user add --email Sana@Example.com "
                                        "--name 'Sana Mir' --role editor --password-stdin",
                                        db()),
                            std::string(kPassword) + "\n");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("added user sana@example.com (editor)"), std::string::npos)
      << run.output;
  EXPECT_EQ(run.output.find(kPassword), std::string::npos);  // never echoed

  auto store = store::sqlite::SqliteStore::open(db());
  ASSERT_TRUE(store);
  SqliteAccountStore accounts(**store);
  testing::FakeClock clock{std::chrono::system_clock::now()};
  AuthService service(accounts, clock);
  auto signed_in = service.sign_in("sana@example.com", kPassword, "127.0.0.1");
  ASSERT_TRUE(signed_in);
  ASSERT_EQ(signed_in->status, SignInStatus::kSignedIn);
  EXPECT_EQ(signed_in->session->user.name, "Sana Mir");
  EXPECT_EQ(signed_in->session->user.role, Role::kEditor);
  auto creds = accounts.find_credentials("sana@example.com");
  ASSERT_TRUE(creds);
  EXPECT_TRUE(creds->password_hash.starts_with("$argon2id$"));
}

TEST_F(UserAddCliTest, WindowsLineEndingIsNotPartOfThePassword) {
  ASSERT_EQ(dateline(fmt::format("--db '{}' user add --email a@example.com --name A --role "
                                 "author --password-stdin",
                                 db()),
                     std::string(kPassword) + "\r\n")
                .exit_code,
            0);
  auto store = store::sqlite::SqliteStore::open(db());
  ASSERT_TRUE(store);
  SqliteAccountStore accounts(**store);
  auto creds = accounts.find_credentials("a@example.com");
  ASSERT_TRUE(creds);
  EXPECT_TRUE(verify_password(creds->password_hash, kPassword));
}

TEST_F(UserAddCliTest, DuplicateEmailExitsTwo) {
  const auto args = fmt::format(
      "--db '{}' user add --email a@example.com --name A --role author --password-stdin", db());
  ASSERT_EQ(dateline(args, std::string(kPassword) + "\n").exit_code, 0);
  const auto again = dateline(args, std::string(kPassword) + "\n");
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.output.find("already exists"), std::string::npos) << again.output;
}

TEST_F(UserAddCliTest, UnknownRoleOrWeakPasswordExitsTwoAndAddsNobody) {
  auto bad_role = dateline(fmt::format("--db '{}' user add --email a@example.com --name A "
                                       "--role owner --password-stdin",
                                       db()),
                           std::string(kPassword) + "\n");
  EXPECT_EQ(bad_role.exit_code, 2);
  EXPECT_NE(bad_role.output.find("unknown role"), std::string::npos) << bad_role.output;
  auto weak = dateline(fmt::format("--db '{}' user add --email a@example.com --name A "
                                   "--role admin --password-stdin",
                                   db()),
                       "short\n");
  EXPECT_EQ(weak.exit_code, 2);
  EXPECT_NE(weak.output.find("at least 12 characters"), std::string::npos) << weak.output;
  auto store = store::sqlite::SqliteStore::open(db());
  ASSERT_TRUE(store);
  SqliteAccountStore accounts(**store);
  EXPECT_EQ(*accounts.count_users(), 0);
}

TEST_F(UserAddCliTest, WithoutATerminalItAsksForPasswordStdin) {
  auto run = dateline(fmt::format("--db '{}' user add --email a@example.com --name A --role "
                                  "admin",
                                  db()),
                      "", false);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.output.find("--password-stdin"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace dateline::auth
