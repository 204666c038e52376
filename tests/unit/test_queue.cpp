// MessageQueue: bounded, explicit data/flush/EOF kinds with serials, waits woken by abort.
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <thread>

#include "common/queue.hpp"

using namespace common;

TEST_CASE("messages come out in order with their kinds and the current serial") {
  MessageQueue<int> q;
  CHECK(q.push(1));
  CHECK(q.push(2));
  q.push_eof();
  CHECK(q.size() == 2);
  CHECK(q.messages() == 3);
  auto a = q.pop();
  REQUIRE(a);
  CHECK(a->kind == MessageKind::kData);
  CHECK(a->data == 1);
  CHECK(a->serial == 0);
  CHECK(q.pop()->data == 2);
  CHECK(q.pop()->kind == MessageKind::kEof);
  CHECK_FALSE(q.try_pop());
}

TEST_CASE("flush drops queued data, bumps the serial and delivers a flush message") {
  MessageQueue<std::string> q;
  q.push("old", 3);
  q.push("older", 5);
  CHECK(q.bytes() == 8);
  int s = q.flush();
  CHECK(s == 1);
  CHECK(q.serial() == 1);
  CHECK(q.bytes() == 0);
  q.push("new");
  auto f = q.pop();
  CHECK(f->kind == MessageKind::kFlush);
  CHECK(f->serial == 1);
  auto d = q.pop();
  CHECK(d->data == "new");
  CHECK(d->serial == 1);
  // A downstream queue takes the serial of the flush it passes on, even after several flushes upstream.
  CHECK(q.flush(5) == 5);
  CHECK(q.pop()->serial == 5);
}

TEST_CASE("push waits while full (items or bytes) and continues when the consumer takes") {
  MessageQueue<int> q(QueueLimits{2, 0});
  q.push(1);
  q.push(2);
  CHECK(q.full());
  std::thread producer([&] { q.push(3); });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(q.size() == 2);  // still waiting
  CHECK(q.pop()->data == 1);
  producer.join();
  CHECK(q.size() == 2);

  MessageQueue<int> b(QueueLimits{100, 10});
  b.push(1, 6);
  CHECK_FALSE(b.full());
  b.push(2, 6);
  CHECK(b.full());
}

TEST_CASE("abort wakes a waiting pop and a waiting push") {
  MessageQueue<int> q(QueueLimits{1, 0});
  bool popped = true;
  MessageQueue<int> e;
  std::thread waiter([&] { popped = e.pop().has_value(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  e.abort();
  waiter.join();
  CHECK_FALSE(popped);

  q.push(1);
  bool pushed = true;
  std::thread producer([&] { pushed = q.push(2); });
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  q.abort();
  producer.join();
  CHECK_FALSE(pushed);
  CHECK_FALSE(q.try_pop());
  q.restart();
  CHECK(q.try_pop()->data == 1);
}

TEST_CASE("flush wakes a producer waiting on a full queue") {
  MessageQueue<int> q(QueueLimits{1, 0});
  q.push(1);
  std::thread producer([&] { q.push(2); });
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  q.flush();
  producer.join();
  CHECK(q.pop()->kind == MessageKind::kFlush);
  auto m = q.pop();
  CHECK(m->data == 2);
}

TEST_CASE("peek looks at queued messages without taking them") {
  MessageQueue<int> q;
  q.push(7);
  q.push(8);
  int seen = 0;
  CHECK(q.peek(1, [&](const Message<int>& m) { seen = m.data; }));
  CHECK(seen == 8);
  CHECK_FALSE(q.peek(2, [&](const Message<int>&) {}));
  CHECK(q.size() == 2);
}
