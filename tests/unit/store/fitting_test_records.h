// What the fitting store's tests share: a trial record with a small result, and the message a
// store call throws (StoreError's words are what the clerk reads).
#ifndef INSOLE_TESTS_UNIT_STORE_FITTING_TEST_RECORDS_H_
#define INSOLE_TESTS_UNIT_STORE_FITTING_TEST_RECORDS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "insole/store/fitting.h"
#include "insole/store/sqlite.h"

namespace insole::store::test_records {

// A 31.5 s trial; with a run, the stretch 10..40 s of it.
inline FittingTrialRecord trial(std::int64_t customer, const std::string& shoe,
                                std::optional<int> comfort = std::nullopt,
                                std::optional<std::int64_t> run_id = std::nullopt) {
  FittingTrialRecord t;
  t.customer_id = customer;
  t.shoe = shoe;
  t.duration_s = 31.5;
  t.comfort = comfort;
  t.result_json = R"({"L":{"steps":44},"R":{"steps":45}})";
  t.run_id = run_id;
  if (run_id) {
    t.run_from_s = 10;
    t.run_to_s = 40;
  }
  return t;
}

// What f throws as StoreError; "(no error)" when it throws nothing.
template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const StoreError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace insole::store::test_records

#endif  // INSOLE_TESTS_UNIT_STORE_FITTING_TEST_RECORDS_H_
