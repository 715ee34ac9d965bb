#include "worker/receiver/socket_text_receiver.h"

#include <netdb.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

#include "common/codec.h"
#include "common/logging.h"

namespace sluice {
namespace {

// Fixed, not settings: buffer sizes change the number of system calls and idle memory, not what is received
// (input.max_record_bytes bounds the lines).
constexpr size_t kReadBufferBytes = 64 * 1024;
// Keep scratch buffers grown by one huge line only while they are useful.
constexpr size_t kRetainedCapacity = 1 << 20;

std::string ErrnoText(int error) {
  char buffer[256];
  return strerror_r(error, buffer, sizeof(buffer));  // the GNU variant returns the text
}

struct AddrInfoDeleter {
  void operator()(addrinfo* info) const { freeaddrinfo(info); }
};

// IPv4 first: "localhost" often resolves to ::1 as well, and servers commonly listen on 127.0.0.1 only.
std::vector<const addrinfo*> OrderedAddresses(const addrinfo* list) {
  std::vector<const addrinfo*> addresses;
  for (const addrinfo* a = list; a != nullptr; a = a->ai_next) addresses.push_back(a);
  std::stable_partition(addresses.begin(), addresses.end(),
                        [](const addrinfo* a) { return a->ai_family == AF_INET; });
  return addresses;
}

void ShrinkIfHuge(std::string& scratch) {
  if (scratch.capacity() > kRetainedCapacity) std::string().swap(scratch);
}

}  // namespace

SocketTextReceiver::SocketTextReceiver(SocketReceiverOptions options, BlockGenerator* generator,
                                       ReceiverListener* listener)
    : options_(std::move(options)),
      generator_(generator),
      listener_(listener),
      lifecycle_("recv-" + std::to_string(options_.port), "receiver for " + Endpoint(), [this] { ShutDownSocket(); }),
      splitter_(
          options_.max_record_bytes, [this](std::string_view line) { AddLine(line); },
          [this] {
            std::string message = "dropped a line of more than " + std::to_string(options_.max_record_bytes) + " bytes";
            Logger(LogComponent::kReceiver).Warn("{} from {}", message, Endpoint());
            listener_->OnReceiverError(message);
          }) {}

SocketTextReceiver::~SocketTextReceiver() { Stop(); }

void SocketTextReceiver::Start() {
  lifecycle_.Start([this] { Run(); });
}

void SocketTextReceiver::Stop() { lifecycle_.Stop(); }

void SocketTextReceiver::ShutDownSocket() {
  if (socket_fd_ >= 0) shutdown(socket_fd_, SHUT_RDWR);  // the receiver's thread closes it
}

void SocketTextReceiver::Run() {
  const Logger log(LogComponent::kReceiver);
  bool ever_connected = false;
  int failures_before_first_connect = 0;
  while (!lifecycle_.stop_requested()) {
    absl::StatusOr<int> fd = Connect();
    if (lifecycle_.stop_requested()) {
      if (fd.ok()) CloseSocket(*fd);
      break;
    }
    if (!fd.ok()) {
      std::string message(fd.status().message());
      if (!ever_connected && ++failures_before_first_connect >= options_.max_initial_connect_attempts) {
        message += " (gave up after " + std::to_string(failures_before_first_connect) + " attempts)";
        log.Error("{}", message);
        listener_->OnReceiverFailed(message);
        return;
      }
      log.Warn("{}; retrying in {}", message, options_.restart_delay.toString());
      listener_->OnReceiverError(message);
      if (!lifecycle_.SleepUnlessStopped(options_.restart_delay)) break;
      continue;
    }

    ever_connected = true;
    connected_ = true;
    log.Info("Connected to {}", Endpoint());
    listener_->OnReceiverStarted("Connected to " + Endpoint());
    std::string read_error;
    StreamEnd end = ReadLines(*fd, &read_error);
    connected_ = false;
    CloseSocket(*fd);
    if (end == StreamEnd::kStopped) break;

    std::string message = end == StreamEnd::kEndOfData ? "Socket data stream had no more data"
                                                       : "Error reading from " + Endpoint() + ": " + read_error;
    log.Warn("{}; reconnecting to {} in {}", message, Endpoint(), options_.restart_delay.toString());
    listener_->OnReceiverError(message);
    if (!lifecycle_.SleepUnlessStopped(options_.restart_delay)) break;
  }
  log.Info("Receiver for {} stopped", Endpoint());
}

absl::StatusOr<int> SocketTextReceiver::Connect() {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* raw_list = nullptr;
  int rc = getaddrinfo(options_.host.c_str(), std::to_string(options_.port).c_str(), &hints, &raw_list);
  if (rc != 0) return absl::UnavailableError("Error connecting to " + Endpoint() + ": " + gai_strerror(rc));
  std::unique_ptr<addrinfo, AddrInfoDeleter> list(raw_list);

  std::string last_error = "no address";
  for (const addrinfo* address : OrderedAddresses(list.get())) {
    int fd = socket(address->ai_family, address->ai_socktype | SOCK_CLOEXEC, address->ai_protocol);
    if (fd < 0) {
      last_error = ErrnoText(errno);
      continue;
    }
    if (!RegisterSocket(fd)) {
      close(fd);
      return absl::CancelledError("receiver stopped");
    }
    if (connect(fd, address->ai_addr, address->ai_addrlen) == 0) return fd;
    last_error = ErrnoText(errno);
    CloseSocket(fd);
  }
  return absl::UnavailableError("Error connecting to " + Endpoint() + ": " + last_error);
}

SocketTextReceiver::StreamEnd SocketTextReceiver::ReadLines(int fd, std::string* error) {
  std::vector<char> buffer(kReadBufferBytes);
  while (true) {
    ssize_t n = recv(fd, buffer.data(), buffer.size(), 0);
    int recv_errno = errno;
    if (lifecycle_.stop_requested()) {
      splitter_.Reset();  // a line cut off by Stop is incomplete, not a record
      return StreamEnd::kStopped;
    }
    if (n > 0) {
      splitter_.Feed(std::string_view(buffer.data(), static_cast<size_t>(n)));
      continue;
    }
    if (n == 0) {
      splitter_.Finish();  // the peer ended the stream: a last line without '\n' is still a record
      return StreamEnd::kEndOfData;
    }
    if (recv_errno == EINTR) continue;
    splitter_.Reset();
    *error = ErrnoText(recv_errno);
    return StreamEnd::kReadError;
  }
}

void SocketTextReceiver::AddLine(std::string_view line) {
  line_scratch_.assign(line.data(), line.size());
  encoded_scratch_.clear();
  EncodeRecord(line_scratch_, &encoded_scratch_);
  generator_->AddEncodedRecord(encoded_scratch_);
  ShrinkIfHuge(line_scratch_);
  ShrinkIfHuge(encoded_scratch_);
}

bool SocketTextReceiver::RegisterSocket(int fd) {
  MutexLock lock(&lifecycle_.mu());
  if (lifecycle_.stop_requested()) return false;
  socket_fd_ = fd;
  return true;
}

void SocketTextReceiver::CloseSocket(int fd) {
  // Under the lock, so Stop never shuts down a number the kernel has already handed to someone else.
  MutexLock lock(&lifecycle_.mu());
  if (socket_fd_ == fd) socket_fd_ = -1;
  close(fd);
}

std::string SocketTextReceiver::Endpoint() const { return options_.host + ":" + std::to_string(options_.port); }

}  // namespace sluice
