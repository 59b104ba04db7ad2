#include "status_output.h"

#include <cstdarg>
#include <cstdio>

#include "insole/reports/run_report.h"
#include "insole/reports/shoe_wear.h"
#include "time_text.h"

namespace insole::ctl {

using nlohmann::json;

namespace {

// printf into a std::string (the other insolectl tables are printf-formatted too).
__attribute__((format(printf, 1, 2))) std::string format(const char* fmt, ...) {
  char line[512];
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(line, sizeof(line), fmt, args);
  va_end(args);
  return line;
}

std::string text(const json& v, const char* unknown = "-") {
  return v.is_string() ? v.get<std::string>() : unknown;
}

// A number with `decimals` decimals (and a sign, signed), or "-" when the API says null (not
// known yet).
std::string number(const json& v, int decimals, const char* unit = "", bool sign = false) {
  if (!v.is_number()) return "-";
  return format(sign ? "%+.*f%s" : "%.*f%s", decimals, v.get<double>(), unit);
}

std::string duration(double s) {
  const long long total = static_cast<long long>(s);
  if (total < 60) return format("%.1f s", s);
  if (total < 3600) return format("%lld min %02lld s", total / 60, total % 60);
  return format("%lld h %02lld min", total / 3600, (total / 60) % 60);
}

std::string alert_codes(const json& alerts) {
  std::string out;
  for (const auto& a : alerts) {
    out += (out.empty() ? "" : ", ") + a["code"].get<std::string>();
    if (!a["side"].get<std::string>().empty()) out += " (" + a["side"].get<std::string>() + ")";
  }
  return out.empty() ? "none" : out;
}

std::string foot_brief(const char* side, const json& f) {
  if (f["steps"].get<std::uint64_t>() == 0) return std::string(side) + " -";
  return std::string(side) + " " + text(f["last_strike"]) + " flat " +
         number(f["flat_foot_pct"], 0, "%") + " " + text(f["pronation"]);
}

}  // namespace

std::string status_report(const json& s) {
  const json& d = s["daemon"];
  std::string out =
      format("insoled %s (pid %lld), up %s, database %s\n", d["version"].get<std::string>().c_str(),
             d["pid"].get<long long>(), duration(d["uptime_s"].get<double>()).c_str(),
             d["database"].get<std::string>().c_str());
  if (s["devices"].empty()) {
    out += "\n  (no insole connected)\n";
  } else {
    out += format("\n  %-4s  %-12s  %-12s  %-9s  %-8s  %8s  %6s  %6s  %6s  %6s  %7s  %s\n", "SIDE",
                  "INSOLE", "STATE", "FIRMWARE", "BATT. V", "FRAMES", "CRC", "BAD", "RECOV.",
                  "LOST", "LOSS %", "URI");
    for (const auto& dev : s["devices"]) {
      const json& l = dev["link"];
      const std::string battery = dev["battery_mv"].is_number()
                                      ? format("%.2f", dev["battery_mv"].get<double>() / 1000.0)
                                      : "-";
      out += format(
          "  %-4s  %-12s  %-12s  %-9s  %-8s  %8llu  %6llu  %6llu  %6llu  %6llu  %7.2f  %s\n",
          dev["side"].get<std::string>().c_str(), text(dev["serial_number"], "?").c_str(),
          dev["state"].get<std::string>().c_str(), text(dev["firmware_version"]).c_str(),
          battery.c_str(), l["frames"].get<unsigned long long>(),
          l["crc_errors"].get<unsigned long long>(), l["malformed"].get<unsigned long long>(),
          l["frames_recovered"].get<unsigned long long>(),
          l["frames_lost"].get<unsigned long long>(), 100.0 * l["loss_ratio"].get<double>(),
          dev["uri"].get<std::string>().c_str());
    }
    // Runs recorded with no PC: how long a run each insole's flash holds at its rate.
    for (const auto& dev : s["devices"]) {
      const json& rec = dev.value("recording", json(nullptr));
      if (!rec.is_object()) continue;
      auto minutes = [](const json& v) {
        return v.is_number() ? reports::duration_text(v.get<double>()) : std::string("-");
      };
      out += format("  %-4s  %-12s  with no PC stores %s of run at %llu Hz (%s free)\n",
                    dev["side"].get<std::string>().c_str(), text(dev["serial_number"], "?").c_str(),
                    minutes(rec["capacity_s"]).c_str(), rec["rate_hz"].get<unsigned long long>(),
                    minutes(rec["free_s"]).c_str());
    }
  }
  const json& r = s["run"];
  if (r.is_null()) return out + "\nno run being recorded\n";
  out +=
      format("\nRun %lld  started %s, %s, steps L %llu R %llu\n", r["id"].get<long long>(),
             local_time(r["started_at"].get<std::string>()).c_str(),
             duration(r["duration_s"].get<double>()).c_str(),
             r["steps"]["L"].get<unsigned long long>(), r["steps"]["R"].get<unsigned long long>());
  const json shoe = r.value("shoe", json(nullptr));
  if (shoe.is_object()) {
    out += "  shoe " + shoe["name"].get<std::string>() + ", " +
           reports::km_text(shoe["distance_km"].get<double>()) +
           " in them: " + shoe["message"].get<std::string>() + "\n";
  } else {
    out += "  shoe: none assigned (this run counts towards no shoe)\n";
  }
  const json& live = r["live"];
  if (live["window_steps"].get<std::uint64_t>() == 0) return out + "  (no step yet)\n";
  out +=
      format("  last %llu steps: cadence %s steps/min, last step %s s ago\n\n",
             live["window_steps"].get<unsigned long long>(), number(live["cadence_spm"], 0).c_str(),
             number(live["since_last_step_s"], 1).c_str());
  out += format("  %-4s  %-11s  %6s  %-9s  %6s\n", "SIDE", "LAST STRIKE", "FLAT", "PRONATION",
                "INDEX");
  for (const char* side : {"L", "R"}) {
    const json& f = live["feet"][side];
    out += format("  %-4s  %-11s  %6s  %-9s  %6s\n", side, text(f["last_strike"]).c_str(),
                  number(f["flat_foot_pct"], 0, "%").c_str(), text(f["pronation"]).c_str(),
                  number(f["pronation_index"], 1).c_str());
  }
  out += "\n  asymmetry (R vs L):";
  for (const auto& [metric, a] : live["asymmetry"].items()) {
    const bool withheld = a.contains("withheld") && a["withheld"].get<bool>();
    out += " " + metric + " " +
           (withheld ? std::string("withheld") : number(a["si_pct"], 1, "%", true)) +
           (a["flagged"].get<bool>() ? " <- imbalance" : "") + ";";
  }
  out += "\n  alerts: " + alert_codes(live["alerts"]) + "\n";
  if (live.contains("sensor_note") && live["sensor_note"].is_string())
    out += "  " + live["sensor_note"].get<std::string>() + "\n";
  return out;
}

std::string live_line(const json& u, const std::string& time_of_day) {
  std::string out = time_of_day;
  std::string states;
  for (const auto& dev : u["devices"]) {
    states += (states.empty() ? "" : " ") + dev["side"].get<std::string>() + ":" +
              dev["state"].get<std::string>();
  }
  out += "  " + (states.empty() ? std::string("no insole") : states);
  const json& r = u["run"];
  if (r.is_null()) return out + "  no run";
  const json& live = r["live"];
  out +=
      format("  run %lld %s  steps L %llu R %llu", r["id"].get<long long>(),
             duration(r["duration_s"].get<double>()).c_str(),
             r["steps"]["L"].get<unsigned long long>(), r["steps"]["R"].get<unsigned long long>());
  out += "  cadence " + number(live["cadence_spm"], 0);
  out += "  " + foot_brief("L", live["feet"]["L"]) + "  " + foot_brief("R", live["feet"]["R"]);
  if (live["asymmetry"].contains("peak_force"))
    out += "  peak SI " + number(live["asymmetry"]["peak_force"]["si_pct"], 1, "%", true);
  return out + "  alerts " + alert_codes(live["alerts"]);
}

}  // namespace insole::ctl
