// The README's "## Settings" table is the settings table of common/config_def.h, row for row: the same names in
// the same order, with the same defaults and meanings. When this fails, regenerate the README's table from any
// binary: `bazel-bin/master/sluice-master --help-settings`.
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/settings_markdown.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sluice {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::string ReadReadme() {
  const char* runfiles = std::getenv("TEST_SRCDIR");
  std::ifstream in(std::string(runfiles != nullptr ? runfiles : "..") + "/sluice/README.md");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The lines of the first table after the "## Settings" heading, from its header to its last row.
std::vector<std::string> SettingsTableOf(const std::string& readme) {
  std::vector<std::string> table;
  bool in_section = false;
  for (absl::string_view line : absl::StrSplit(readme, '\n')) {
    if (absl::StartsWith(line, "## ")) {
      if (in_section) break;
      in_section = line == "## Settings";
      continue;
    }
    if (!in_section) continue;
    if (absl::StartsWith(line, "|")) {
      table.emplace_back(line);
    } else if (!table.empty()) {
      break;
    }
  }
  return table;
}

// The name of a row's setting: its first cell.
std::string NameOf(const std::string& row) {
  std::vector<std::string> cells = absl::StrSplit(row, '|');
  return cells.size() > 1 ? std::string(absl::StripAsciiWhitespace(cells[1])) : row;
}

// How the README's rows differ from the table's (both without header and separator), one sentence each: a row
// missing, an extra or repeated row, rows in another order, a row whose default or meaning differs.
std::vector<std::string> Differences(const std::vector<std::string>& readme_rows,
                                     const std::vector<std::string>& table_rows) {
  std::vector<std::string> differences;
  std::map<std::string, std::string> readme_by_name, table_by_name;
  for (const std::string& row : readme_rows) {
    if (!readme_by_name.emplace(NameOf(row), row).second) {
      differences.push_back(absl::StrCat("the README has two rows for ", NameOf(row)));
    }
  }
  for (const std::string& row : table_rows) table_by_name.emplace(NameOf(row), row);
  std::vector<std::string> readme_order, table_order;  // of the names both have
  for (const std::string& row : readme_rows) {
    if (!table_by_name.contains(NameOf(row))) {
      differences.push_back(absl::StrCat("the README has a row for ", NameOf(row), ", which is no setting"));
    } else if (std::find(readme_order.begin(), readme_order.end(), NameOf(row)) == readme_order.end()) {
      readme_order.push_back(NameOf(row));
    }
  }
  for (const std::string& row : table_rows) {
    auto readme_row = readme_by_name.find(NameOf(row));
    if (readme_row == readme_by_name.end()) {
      differences.push_back(absl::StrCat("the README lacks the row of ", NameOf(row), ": ", row));
      continue;
    }
    table_order.push_back(NameOf(row));
    if (readme_row->second != row) {
      differences.push_back(absl::StrCat("the README's row of ", NameOf(row),
                                         " differs:\n  README: ", readme_row->second, "\n  table:  ", row));
    }
  }
  if (readme_order != table_order) {
    differences.push_back(
        absl::StrCat("the README lists the settings in another order: ", absl::StrJoin(readme_order, ", "),
                     "; the table: ", absl::StrJoin(table_order, ", ")));
  }
  return differences;
}

TEST(SettingsReadmeTest, TheReadmeTableIsTheSettingsTable) {
  std::vector<std::string> readme = SettingsTableOf(ReadReadme());
  ASSERT_GE(readme.size(), 2u) << "no table under \"## Settings\" in README.md";
  std::vector<std::string> table = absl::StrSplit(SettingsMarkdownTable(), '\n', absl::SkipEmpty());
  EXPECT_EQ(readme[0], table[0]) << "the header";
  EXPECT_EQ(readme[1], table[1]) << "the separator";
  std::vector<std::string> differences = Differences(std::vector<std::string>(readme.begin() + 2, readme.end()),
                                                     std::vector<std::string>(table.begin() + 2, table.end()));
  EXPECT_TRUE(differences.empty()) << absl::StrJoin(differences, "\n")
                                   << "\nregenerate the table with `sluice-master --help-settings`";
}

TEST(SettingsReadmeTest, ARowShowsAnEmptyDefaultAsEmpty) {
  EXPECT_EQ(SettingsMarkdownRow({"a.dir", "", "A directory."}), "| a.dir | (empty) | A directory. |");
  EXPECT_EQ(SettingsMarkdownRow({"a.port", "7", "A port."}), "| a.port | 7 | A port. |");
}

// The comparison above must notice each way the README can drift.
const std::vector<std::string> kRows = {"| a.x | 1 | A. |", "| b.y | (empty) | B. |", "| c.z | 3 | C. |"};

TEST(SettingsReadmeTest, EqualRowsHaveNoDifferences) { EXPECT_THAT(Differences(kRows, kRows), IsEmpty()); }

TEST(SettingsReadmeTest, AMissingRowIsADifference) {
  EXPECT_THAT(Differences({kRows[0], kRows[2]}, kRows), ElementsAre(HasSubstr("lacks the row of b.y")));
}

TEST(SettingsReadmeTest, AnExtraOrRepeatedRowIsADifference) {
  EXPECT_THAT(Differences({kRows[0], kRows[1], kRows[2], "| d.w | 4 | D. |"}, kRows),
              ElementsAre(HasSubstr("a row for d.w, which is no setting")));
  EXPECT_THAT(Differences({kRows[0], kRows[1], kRows[1], kRows[2]}, kRows), ElementsAre(HasSubstr("two rows for b.y")));
}

TEST(SettingsReadmeTest, ReorderedRowsAreADifference) {
  EXPECT_THAT(Differences({kRows[1], kRows[0], kRows[2]}, kRows),
              ElementsAre(HasSubstr("another order: b.y, a.x, c.z; the table: a.x, b.y, c.z")));
}

TEST(SettingsReadmeTest, AnotherDefaultOrMeaningIsADifference) {
  EXPECT_THAT(Differences({kRows[0], "| b.y | 2 | B. |", kRows[2]}, kRows),
              ElementsAre(HasSubstr("row of b.y differs")));
  EXPECT_THAT(Differences({kRows[0], kRows[1], "| c.z | 3 | See. |"}, kRows),
              ElementsAre(HasSubstr("row of c.z differs")));
}

TEST(SettingsReadmeTest, TheTableStartsAtTheSettingsHeadingAndEndsAtItsLastRow) {
  const std::string readme =
      "## API\n\n| Operation | Example |\n| --- | --- |\n\n## Settings\n\nText.\n\n| Setting | Default | Meaning |\n"
      "| --- | --- | --- |\n| a.x | 1 | A. |\n\nMore text.\n\n| Other | Table |\n\n## Tests\n";
  EXPECT_THAT(SettingsTableOf(readme),
              ElementsAre("| Setting | Default | Meaning |", "| --- | --- | --- |", "| a.x | 1 | A. |"));
}

}  // namespace
}  // namespace sluice
