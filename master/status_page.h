#ifndef SLUICE_MASTER_STATUS_PAGE_H_
#define SLUICE_MASTER_STATUS_PAGE_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "master/master_view.h"

namespace httplib {
class Server;
}

namespace sluice {

// Renders what the master knows as a plain HTML page (and as JSON at /api/status).
std::string RenderStatusHtml(const MasterView& view, int64_t now_ms);
std::string RenderStatusJson(const MasterView& view);

// Serves the status page on its own thread. `snapshot` is called per request and must be thread-safe.
class StatusPageServer {
 public:
  explicit StatusPageServer(std::function<MasterView()> snapshot);
  ~StatusPageServer();
  absl::Status Start(const std::string& host, int port);  // port 0 picks a free one
  void Stop();
  int port() const { return port_; }

 private:
  std::function<MasterView()> snapshot_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  std::atomic<bool> listen_returned_{false};
  int port_ = 0;
};

}  // namespace sluice

#endif  // SLUICE_MASTER_STATUS_PAGE_H_
