import StepAMQP
import Testing

@Suite struct URLTests {
    @Test func fullURL() throws {
        let url = try AMQPURL("amqp://stepline:s%40cret%3A1@broker.example:5673/prod%2Fjobs")
        #expect(url.tls == false)
        #expect(url.user == "stepline")
        #expect(url.password == "s@cret:1")
        #expect(url.host == "broker.example")
        #expect(url.port == 5673)
        #expect(url.vhost == "prod/jobs")
    }

    @Test func defaults() throws {
        let url = try AMQPURL("amqp://")
        #expect(url == AMQPURL(host: "localhost", port: 5672, user: "guest", password: "guest", vhost: "/"))
        #expect(try AMQPURL("amqp://h").vhost == "/")
        #expect(try AMQPURL("amqp://h/").vhost == "/")
        #expect(try AMQPURL("amqp://h/%2F").vhost == "/")
        #expect(try AMQPURL("amqp://h/staging").vhost == "staging")
        #expect(try AMQPURL("amqp://bob@h").user == "bob")
        #expect(try AMQPURL("amqp://bob@h").password == "guest")
        #expect(try AMQPURL("amqp://bob:@h").password == "")
    }

    @Test func tlsAndPorts() throws {
        let url = try AMQPURL("AMQPS://u:p@secure.example/")
        #expect(url.tls)
        #expect(url.port == 5671)
        #expect(try AMQPURL("amqps://h:6000").port == 6000)
    }

    @Test func ipv6() throws {
        let url = try AMQPURL("amqp://[::1]:5673/v")
        #expect(url.host == "::1")
        #expect(url.port == 5673)
        #expect(try AMQPURL("amqp://[fe80::1]").port == 5672)
    }

    @Test func passwordWithAtSign() throws {
        // The last '@' separates the user info from the host.
        let url = try AMQPURL("amqp://u:p@ss@host")
        #expect(url.password == "p@ss")
        #expect(url.host == "host")
    }

    @Test func queryItemsAndOptions() throws {
        let url = try AMQPURL(
            "amqps://h/v?heartbeat=10&frame_max=65536&connection_timeout=2500&cacertfile=%2Fetc%2Fca.pem&verify=verify_none&connection_name=daemon"
        )
        #expect(url.queryItems["cacertfile"] == "/etc/ca.pem")
        let options = try AMQPConnectionOptions(url: url)
        #expect(options.heartbeat == 10)
        #expect(options.frameMax == 65536)
        #expect(options.connectTimeout == .milliseconds(2500))
        #expect(options.tls.caCertificatePath == "/etc/ca.pem")
        #expect(options.tls.verifyPeer == false)
        #expect(options.tls.verifyHostname == false)
        #expect(options.connectionName == "daemon")
        #expect(try AMQPConnectionOptions(url: AMQPURL("amqp://h")) == AMQPConnectionOptions())
    }

    @Test func descriptionMasksPassword() throws {
        let url = try AMQPURL("amqp://u:topsecret@h:1234/a%2Fb")
        #expect(url.description == "amqp://u:***@h:1234/a%2Fb")
        #expect(!url.description.contains("topsecret"))
    }

    @Test(arguments: [
        "http://h", "h:5672", "amqp://h:0", "amqp://h:70000", "amqp://h:12ab", "amqp://h/a/b", "amqp://h/%zz",
        "amqp://[::1", "amqp://[::1]x", "amqp://h/%FF", "amqp://h?heartbeat=-1", "amqp://h?verify=maybe",
    ])
    func invalid(_ text: String) {
        #expect(throws: AMQPError.self) {
            let url = try AMQPURL(text)
            _ = try AMQPConnectionOptions(url: url)
        }
        do {
            let url = try AMQPURL(text)
            _ = try AMQPConnectionOptions(url: url)
        } catch let error as AMQPError {
            #expect(error.code == .invalidURL)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
