#include "format/byte_source.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "mobilenmt/errors.h"

namespace mnmt {
namespace {

[[noreturn]] void fail(const std::string& why) { throw Error(ErrorCode::kBadModel, why); }

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

ByteSource ByteSource::map_file(const std::string& path) {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) fail(std::string("cannot open: ") + std::strerror(errno));
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) fail(std::string("cannot stat: ") + std::strerror(errno));
  if (!S_ISREG(info.st_mode)) fail("not a regular file");
  const size_t size = static_cast<size_t>(info.st_size);
  if (size == 0) return ByteSource(nullptr, 0, nullptr);
  void* mapping = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd.get(), 0);
  if (mapping == MAP_FAILED) fail(std::string("cannot map: ") + std::strerror(errno));
  return ByteSource(static_cast<const uint8_t*>(mapping), size, mapping);
}

ByteSource ByteSource::borrow(const void* data, size_t size) {
  return ByteSource(static_cast<const uint8_t*>(data), data == nullptr ? 0 : size, nullptr);
}

ByteSource::ByteSource(ByteSource&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      mapping_(std::exchange(other.mapping_, nullptr)) {}

ByteSource& ByteSource::operator=(ByteSource&& other) noexcept {
  if (this != &other) {
    release();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    mapping_ = std::exchange(other.mapping_, nullptr);
  }
  return *this;
}

ByteSource::~ByteSource() { release(); }

void ByteSource::release() {
  if (mapping_ != nullptr) ::munmap(mapping_, size_);
  mapping_ = nullptr;
}

}  // namespace mnmt
