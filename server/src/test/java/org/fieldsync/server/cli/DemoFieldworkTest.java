package org.fieldsync.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.fieldsync.server.TestServer;
import org.junit.jupiter.api.Test;

class DemoFieldworkTest {
  @Test
  void theDemoSurveyGoesIntoTheFieldAndARestartSkipsWhatWasInterviewed() {
    try (TestServer server = TestServer.start()) {
      Demo.seed(server.server().services());
      new DemoFieldwork(server.baseUrl(), Duration.ZERO, 6).run();
      String token = server.send("POST", "/api/v1/auth/login", null, new JsonObject().put("username", "supervisor")
          .put("password", "supervisor-demo-pass").encode()).json().getString("token");
      JsonObject all = server.send("GET", "/api/v1/surveys/" + Demo.SURVEY + "/coverage", token, null).json()
          .getJsonObject("total").getJsonObject("all");
      assertTrue(all.getLong("assigned") > 6, all.encode());
      assertEquals(6, all.getLong("visited"), all.encode());
      // run again, as after a restart: the frozen sample is reused, the six households are not interviewed twice
      new DemoFieldwork(server.baseUrl(), Duration.ZERO, 4).run();
      JsonObject again = server.send("GET", "/api/v1/surveys/" + Demo.SURVEY + "/coverage", token, null).json();
      assertEquals(10, again.getJsonObject("total").getJsonObject("all").getLong("visited"));
      assertTrue(again.getJsonArray("alerts").stream().map(JsonObject.class::cast)
          .noneMatch(a -> "duplicate-household".equals(a.getString("kind"))), again.getJsonArray("alerts").encode());
    }
  }
}
