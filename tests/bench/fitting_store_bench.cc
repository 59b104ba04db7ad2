// Issue 19's store figures on a real PostgreSQL server started for the run (tests/support/
// postgres_server.h), each beside its baseline in the same run:
//  - fittings per second: a customer and three trials (each with a realistic ~4 kB result),
//    from 1 station and from 4 stations at once; baseline: the station's own SQLite file.
//  - a customer search over N customers (default 100,000): the median of 50 searches by name
//    part, email part and phone digits; baseline: the same search on SQLite (a scan) and on the
//    server without its trigram indexes; and a new station's first sync (copying them all).
// Not Google Benchmark: the server and the data are set up once. Prints a table; exit 1 when
// the server cannot be started. Usage: fitting_store_bench [--customers N]
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "insole/store/fitting_sync.h"
#include "insole/store/postgres.h"
#include "insole/store/postgres_fitting.h"
#include "insole/store/schema.h"
#include "insole/store/sqlite_fitting.h"
#include "postgres_server.h"

namespace {

using namespace insole::store;
using Clock = std::chrono::steady_clock;

const char* const kNames[] = {"Maria", "Anna", "Lena", "Sofia", "Jonas", "Paul",  "Lukas", "Emma",
                              "Mia",   "Ben",  "Finn", "Leon",  "Noah",  "Elias", "Ida",   "Tom"};

// A trial result about the size the fitting stores (64 sensels' map, paths, layout).
std::string result_json() {
  std::string foot = R"({"steps":40,"strike":"rearfoot","pressure_map_kpa":[)";
  for (int i = 0; i < 64; ++i) foot += (i ? "," : "") + std::to_string(100 + i * 7) + ".25";
  foot += R"(],"cop_path":[)";
  for (int i = 0; i < 21; ++i)
    foot += std::string(i ? "," : "") + "[12.5," + std::to_string(i * 12) + ".75]";
  foot += R"(],"layout":{"sensels":[)";
  for (int i = 0; i < 64; ++i) foot += std::string(i ? "," : "") + "[10.5,20.25,320.0]";
  foot += "]}}";
  return R"({"L":)" + foot + R"(,"R":)" + foot + "}";
}

FittingTrialRecord trial(std::int64_t customer, int n, const std::string& result) {
  FittingTrialRecord t;
  t.customer_id = customer;
  t.shoe = "Brand Model " + std::to_string(40 + n);
  t.duration_s = 30;
  t.comfort = 5 + n;
  t.result_json = result;
  t.run_id = n + 1;
  t.run_to_s = 30;
  return t;
}

void fit(FittingStore& store, int customers, const std::string& result) {
  for (int c = 0; c < customers; ++c) {
    const auto id = store.add_customer(NewCustomer{kNames[c % 16], "notes", 70.0, "", ""});
    for (int t = 0; t < 3; ++t) store.add_trial(trial(id, t, result));
  }
}

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

template <typename F>
double median_ms(F&& search, const std::vector<std::string>& queries) {
  std::vector<double> ms;
  for (const auto& q : queries) {
    const auto t0 = Clock::now();
    search(q);
    ms.push_back(seconds_since(t0) * 1000);
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  int customers = 100000;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--customers") == 0 && i + 1 < argc) customers = std::atoi(argv[++i]);
  }
  try {
    insole::testing::PostgresServer server;
    const auto dir = std::filesystem::temp_directory_path() /
                     ("insole-fitting-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string result = result_json();
    std::printf("fitting_store_bench: a fitting = 1 customer + 3 trials of %zu B each\n",
                result.size());

    // Fittings per second.
    constexpr int kFittings = 300;
    {
      auto file = open_for_writing((dir / "station.db").string());
      SqliteFittingStore sqlite(*file, {"desk", "Store"});
      const auto t0 = Clock::now();
      fit(sqlite, kFittings, result);
      std::printf("  SQLite file, 1 station:          %7.0f fittings/s\n",
                  kFittings / seconds_since(t0));
    }
    const std::string uri = server.create_database("bench");
    {
      PostgresFittingStore pg(uri, {"desk-0", "Store"}, nullptr);
      const auto t0 = Clock::now();
      fit(pg, kFittings, result);
      std::printf("  PostgreSQL, 1 station:           %7.0f fittings/s\n",
                  kFittings / seconds_since(t0));
    }
    {
      std::vector<std::thread> threads;
      const auto t0 = Clock::now();
      for (int s = 1; s <= 4; ++s) {
        threads.emplace_back([&, s] {
          PostgresFittingStore pg(uri, {"desk-" + std::to_string(s), "Store"}, nullptr);
          fit(pg, kFittings, result);
        });
      }
      for (auto& t : threads) t.join();
      std::printf("  PostgreSQL, 4 stations at once:  %7.0f fittings/s in all\n",
                  4 * kFittings / seconds_since(t0));
    }

    // Search over many customers.
    const std::string big = server.create_database("search");
    PostgresFittingStore pg(big, {"desk", "Store"}, nullptr);
    auto file = open_for_writing((dir / "search.db").string());
    SqliteFittingStore sqlite(*file, {"desk", "Store"});
    std::mt19937 rng(7);
    const auto t_fill = Clock::now();
    {
      PgConnection& db = pg.connection();
      PgTransaction tx(db);
      Transaction stx(*file);
      for (int i = 0; i < customers; ++i) {
        const std::string name =
            std::string(kNames[rng() % 16]) + " " + std::to_string(rng() % 100000);
        const std::string email = "runner" + std::to_string(i) + "@example.org";
        const std::string phone = "+49 1" + std::to_string(10000000 + rng() % 89999999);
        db.query(
            "INSERT INTO customers (uuid, name, created_at, email, phone, phone_digits, station, "
            "store, updated_at) VALUES (gen_random_uuid(), $1, '2026-12-07T10:00:00.000Z', $2, $3, "
            "$4, 'desk', 'Store', '2026-12-07T10:00:00.000Z')",
            {pg_param(name), pg_param(email), pg_param(phone), pg_param(phone_digits(phone))});
        file->prepare(
                "INSERT INTO customers (name, notes, created_at, uuid, email, phone, phone_digits) "
                "VALUES (?1, '', '2026-12-07T10:00:00.000Z', lower(hex(randomblob(16))), ?2, ?3, "
                "?4)")
            .bind(1, std::string_view(name))
            .bind(2, std::string_view(email))
            .bind(3, std::string_view(phone))
            .bind(4, std::string_view(phone_digits(phone)))
            .run();
      }
      tx.commit();
      stx.commit();
      db.exec("ANALYZE customers");
    }
    std::printf("search over %d customers (filled in %.1f s); median of 50 searches:\n", customers,
                seconds_since(t_fill));
    std::vector<std::string> queries;
    for (int i = 0; i < 50; ++i) {
      switch (i % 3) {
        case 0:
          queries.push_back(std::string(kNames[i % 16]) + " " + std::to_string(rng() % 1000));
          break;
        case 1:
          queries.push_back("runner" + std::to_string(rng() % customers) + "@");
          break;
        default:
          queries.push_back("0171 " + std::to_string(100 + rng() % 900));
          break;
      }
    }
    std::size_t found = 0;
    const double pg_ms =
        median_ms([&](const std::string& q) { found += pg.find_customers(q, 50).size(); }, queries);
    const double sqlite_ms =
        median_ms([&](const std::string& q) { sqlite.find_customers(q, 50); }, queries);
    {
      // A new station joining the chain copies every customer (fitting_sync.h) in one round.
      auto joining = open_for_writing((dir / "joining.db").string());
      PgConnection link(big);
      const auto t0 = Clock::now();
      const auto round = sync_fittings(*joining, link, {"new-desk", "Store"}, nullptr);
      std::printf("  a new station's first sync: %zu customers in %.1f s\n", round.pulled,
                  seconds_since(t0));
    }
    pg.connection().exec(
        "DROP INDEX customers_by_name; DROP INDEX customers_by_email; DROP INDEX "
        "customers_by_phone");
    const double scan_ms =
        median_ms([&](const std::string& q) { pg.find_customers(q, 50); }, queries);
    std::printf("  PostgreSQL with trigram indexes: %8.2f ms (%zu customers found in all)\n", pg_ms,
                found);
    std::printf("  PostgreSQL without them (scan):  %8.2f ms\n", scan_ms);
    std::printf("  SQLite file (scan):              %8.2f ms\n", sqlite_ms);
    std::filesystem::remove_all(dir);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fitting_store_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
