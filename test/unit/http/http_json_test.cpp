// async/http/json.h (nlohmann-json) against the in-process HttpTestServer:
// GetFromJsonAsync, PostAsJsonAsync / PutAsJsonAsync, ReadFromJsonAsync,
// JsonContent, and the JsonException of a body that does not convert.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <async/async.h>
#include <async/http/http.h>
#include <async/http/json.h>
#include <async/net/net.h>

#include "../io_test_util.h"
#include "http_server.h"

namespace json_test {

struct Product {
  int id = 0;
  std::string name;
  std::vector<std::string> tags;
  double price = 0;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Product, id, name, tags, price)

using async::http::HttpClient;
using async::http::HttpResponseMessage;
using example::HttpTestServer;

class HttpJsonTest : public asyncc_io_test::ReactorTest {
 protected:
  void SetUp() override {
    ReactorTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    server_ = HttpTestServer::Start(async::net::IPEndPoint::Loopback(0));
    started_ = true;
  }
  void TearDown() override {
    client_.Dispose();
    if (started_) server_.StopAsync().Wait();
    ReactorTest::TearDown();
  }
  std::string Url(const std::string& path) const { return server_.BaseUrl() + path; }

  HttpTestServer server_;
  bool started_ = false;
  HttpClient client_;
};

TEST_P(HttpJsonTest, GetFromJsonAsync) {
  Product p = client_.GetFromJsonAsync<Product>(Url("/json")).Result();
  EXPECT_EQ(p.id, 7);
  EXPECT_EQ(p.name, "widget");
  EXPECT_EQ(p.tags, (std::vector<std::string>{"a", "b"}));
  EXPECT_DOUBLE_EQ(p.price, 9.5);
  nlohmann::json j = client_.GetFromJsonAsync<nlohmann::json>(Url("/json")).Result();
  EXPECT_EQ(j["name"], "widget");
}

TEST_P(HttpJsonTest, PostAsJsonAsyncAndReadFromJsonAsync) {
  Product sent{42, "gadget", {"x"}, 1.25};
  HttpResponseMessage r = client_.PostAsJsonAsync(Url("/echo"), sent).Result();
  EXPECT_EQ(r.Headers().GetFirst("X-Method").value_or(""), "POST");
  EXPECT_EQ(r.Content().Headers().ContentType().value_or(""), "application/json; charset=utf-8");
  Product back = r.Content().ReadFromJsonAsync<Product>().Result();
  EXPECT_EQ(back.id, 42);
  EXPECT_EQ(back.name, "gadget");
  EXPECT_EQ(back.tags, std::vector<std::string>{"x"});
  EXPECT_DOUBLE_EQ(back.price, 1.25);
  HttpResponseMessage put = client_.PutAsJsonAsync(Url("/echo"), std::vector<int>{1, 2, 3}).Result();
  EXPECT_EQ(put.Headers().GetFirst("X-Method").value_or(""), "PUT");
  EXPECT_EQ(put.Content().ReadFromJsonAsync<std::vector<int>>().Result(), (std::vector<int>{1, 2, 3}));
}

TEST_P(HttpJsonTest, JsonContentSerializes) {
  async::http::JsonContent content = async::http::JsonContent::Create(Product{1, "a", {}, 0});
  EXPECT_EQ(content.ReadAsString(), R"({"id":1,"name":"a","price":0.0,"tags":[]})");
  EXPECT_EQ(content.Headers().ContentType().value_or(""), "application/json; charset=utf-8");
}

TEST_P(HttpJsonTest, BodyThatIsNotJsonOrDoesNotFitIsJsonException) {
  auto hello = client_.GetAsync(Url("/hello")).Result();
  auto bad = hello.Content().ReadFromJsonAsync<Product>();
  EXPECT_TRUE(bad.IsFaulted());
  EXPECT_THROW(bad.GetAwaiter().GetResult(), async::http::JsonException);
  // Valid JSON of the wrong shape.
  EXPECT_THROW(client_.GetFromJsonAsync<std::vector<int>>(Url("/json")).GetAwaiter().GetResult(),
               async::http::JsonException);
}

TEST_P(HttpJsonTest, NonSuccessStatusIsHttpRequestException) {
  try {
    client_.GetFromJsonAsync<Product>(Url("/status/404")).GetAwaiter().GetResult();
    FAIL() << "no exception";
  } catch (const async::http::HttpRequestException& e) {
    EXPECT_EQ(e.StatusCode(), async::http::HttpStatusCode::NotFound);
  }
}

TEST_P(HttpJsonTest, CanceledTokenCancels) {
  async::CancellationTokenSource cts;
  cts.Cancel();
  auto t = client_.GetFromJsonAsync<Product>(Url("/json"), cts.Token());
  EXPECT_THROW(t.GetAwaiter().GetResult(), async::TaskCanceledException);
  EXPECT_TRUE(t.IsCanceled());
}

INSTANTIATE_TEST_SUITE_P(Backends, HttpJsonTest, ASYNCC_IO_BACKENDS);

}  // namespace json_test
