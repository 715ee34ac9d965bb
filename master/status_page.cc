#include "master/status_page.h"

#include <httplib.h>
#include <pthread.h>
#include <sys/socket.h>

#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace sluice {
namespace {

std::string Escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

std::string RenderStatusHtml(const MasterView& view, int64_t now_ms) {
  std::string html =
      "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Sluice Master</title>"
      "<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
      "padding:3px 8px}</style></head><body><h1>Sluice Master</h1>";
  absl::StrAppend(&html, "<h2>Workers (", view.workers.size(), ")</h2><table><tr><th>Worker</th><th>Address</th>",
                  "<th>Slots</th><th>Used</th><th>Last heartbeat</th></tr>");
  for (const WorkerInfo& w : view.workers) {
    absl::StrAppend(&html, "<tr><td>", Escape(w.id), "</td><td>", Escape(w.address), "</td><td>", w.cores,
                    "</td><td>", w.used_slots, "</td><td>", now_ms - w.last_heartbeat_wall_ms, " ms ago</td></tr>");
  }
  absl::StrAppend(&html, "</table><h2>Applications (", view.applications.size(), ")</h2>");
  for (const ApplicationView& app : view.applications) {
    absl::StrAppend(&html, "<h3>", Escape(app.id), " ", Escape(app.name), " — ", app.state, "</h3><p>Batches of ",
                    app.batch_ms, " ms since ", app.start_ms, " ms: ", app.completed_batches, " completed, ",
                    app.queued_batches, " queued or running; ", app.received_records, " records received, ",
                    app.total_records, " processed.</p>");
    absl::StrAppend(&html, "<table><tr><th>Batch time</th><th>Records</th><th>Scheduling delay</th>",
                    "<th>Processing time</th><th>Status</th></tr>");
    for (const BatchSummary& b : app.recent_batches) {
      absl::StrAppend(&html, "<tr><td>", b.batch_ms, " ms</td><td>", b.records, "</td><td>", b.scheduling_delay_ms(),
                      " ms</td><td>", b.processing_ms(), " ms</td><td>",
                      b.failure.empty() ? "ok" : Escape(b.failure), "</td></tr>");
    }
    absl::StrAppend(&html, "</table>");
  }
  html += "</body></html>";
  return html;
}

std::string RenderStatusJson(const MasterView& view) {
  nlohmann::json json;
  json["workers"] = nlohmann::json::array();
  for (const WorkerInfo& w : view.workers) {
    json["workers"].push_back({{"id", w.id},
                               {"address", w.address},
                               {"cores", w.cores},
                               {"used_slots", w.used_slots},
                               {"last_heartbeat_ms", w.last_heartbeat_wall_ms}});
  }
  json["applications"] = nlohmann::json::array();
  for (const ApplicationView& app : view.applications) {
    nlohmann::json batches = nlohmann::json::array();
    for (const BatchSummary& b : app.recent_batches) {
      batches.push_back({{"batch_ms", b.batch_ms},
                         {"records", b.records},
                         {"scheduling_delay_ms", b.scheduling_delay_ms()},
                         {"processing_ms", b.processing_ms()},
                         {"failure", b.failure}});
    }
    json["applications"].push_back({{"id", app.id},
                                    {"name", app.name},
                                    {"state", app.state},
                                    {"batch_ms", app.batch_ms},
                                    {"completed_batches", app.completed_batches},
                                    {"total_records", app.total_records},
                                    {"received_records", app.received_records},
                                    {"batches", batches}});
  }
  return json.dump();
}

StatusPageServer::StatusPageServer(std::function<MasterView()> snapshot)
    : snapshot_(std::move(snapshot)), server_(std::make_unique<httplib::Server>()) {}

StatusPageServer::~StatusPageServer() { Stop(); }

absl::Status StatusPageServer::Start(const std::string& host, int port) {
  server_->Get("/", [this](const httplib::Request&, httplib::Response& response) {
    response.set_content(RenderStatusHtml(snapshot_(), absl::ToUnixMillis(absl::Now())), "text/html; charset=utf-8");
  });
  server_->Get("/api/status", [this](const httplib::Request&, httplib::Response& response) {
    response.set_content(RenderStatusJson(snapshot_()), "application/json");
  });
  // httplib's default also sets SO_REUSEPORT, which would let a second master share a port that is in use.
  server_->set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  port_ = port == 0 ? server_->bind_to_any_port(host) : (server_->bind_to_port(host, port) ? port : -1);
  if (port_ < 0) return absl::UnavailableError(absl::StrCat("cannot listen on ", host, ":", port, " for the web UI"));
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "master-webui");
    server_->listen_after_bind();
    listen_returned_ = true;
  });
  // httplib's stop() does nothing before the listening loop runs; waiting for it makes a Stop() right after
  // Start() end the thread instead of leaving it listening forever.
  while (!server_->is_running() && !listen_returned_) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return absl::OkStatus();
}

void StatusPageServer::Stop() {
  if (thread_.joinable()) {
    server_->stop();
    thread_.join();
  }
}

}  // namespace sluice
