#include "insole/store/fitting.h"

#include <cmath>
#include <cstdio>
#include <string>

#include "insole/store/sqlite.h"  // StoreError

namespace insole::store {
namespace {

bool blank(std::string_view text) { return text.find_first_not_of(" \t\r\n") == text.npos; }

}  // namespace

void check_body_mass(const std::optional<double>& kg) {
  if (kg && !(*kg >= kMinBodyMassKg && *kg <= kMaxBodyMassKg)) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", *kg);
    throw StoreError(std::string("body mass ") + text +
                     " kg is out of range: give it in kilograms, 20 to 300");
  }
}

void check_customer(const NewCustomer& c) {
  if (blank(c.name))
    throw StoreError("a customer needs a name (a first name or nickname is enough)");
  check_body_mass(c.body_mass_kg);
  if (!c.email.empty() && (c.email.find('@') == std::string::npos || c.email.size() > 254 ||
                           c.email.find_first_of(" \t\r\n") != std::string::npos)) {
    throw StoreError("email \"" + c.email + "\" is not an email address");
  }
  if (!c.phone.empty() && phone_digits(c.phone).size() < 4) {
    throw StoreError("phone \"" + c.phone + "\" has too few digits for a phone number");
  }
}

void check_comfort(const std::optional<int>& comfort) {
  if (comfort && (*comfort < 1 || *comfort > 10)) {
    throw StoreError("comfort " + std::to_string(*comfort) +
                     " is out of range: rate a shoe from 1 (very uncomfortable) to 10 "
                     "(most comfortable)");
  }
}

void check_trial(const FittingTrialRecord& t) {
  if (blank(t.shoe)) throw StoreError("a fitting trial needs the shoe's name");
  if (!(t.duration_s >= 0) || !std::isfinite(t.duration_s)) {
    throw StoreError("a fitting trial's duration must be 0 s or more");
  }
  check_comfort(t.comfort);
  if (t.result_json.empty()) throw StoreError("a fitting trial needs its analysed result");
}

std::string no_customer(std::int64_t id) { return "no customer " + std::to_string(id); }
std::string no_trial(std::int64_t id) { return "no fitting trial " + std::to_string(id); }

std::string phone_digits(std::string_view phone) {
  std::string digits;
  for (const char c : phone)
    if (c >= '0' && c <= '9') digits += c;
  return digits;
}

}  // namespace insole::store
