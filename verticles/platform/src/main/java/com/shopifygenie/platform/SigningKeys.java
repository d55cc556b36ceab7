package com.shopifygenie.platform;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The RS256 key pair that signs access tokens. Configured as PEM files, or generated once into
 * &lt;data_dir&gt;/keys so a dev installation keeps its tokens valid across restarts.
 * Called before verticles deploy (it blocks on the file system), never on an event loop.
 */
public final class SigningKeys {

  private SigningKeys() {}

  /** Returns the configuration with auth.private_key_file and auth.public_key_file set. */
  public static JsonObject prepare(JsonObject config) {
    var auth = Settings.section(config, "auth");
    if (!auth.getString("private_key_file", "").isBlank() && !auth.getString("public_key_file", "").isBlank()) {
      return config;
    }
    var dir = Path.of(config.getString("data_dir", ".data")).resolve("keys");
    var privateFile = dir.resolve("access-token-private.pem");
    var publicFile = dir.resolve("access-token-public.pem");
    try {
      if (!Files.exists(privateFile) || !Files.exists(publicFile)) {
        generate(dir, privateFile, publicFile);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write signing keys under " + dir, e);
    }
    var result = config.copy();
    Settings.put(result, "auth.private_key_file", privateFile.toAbsolutePath().toString());
    Settings.put(result, "auth.public_key_file", publicFile.toAbsolutePath().toString());
    return result;
  }

  private static void generate(Path dir, Path privateFile, Path publicFile) throws IOException {
    KeyPairGenerator generator;
    try {
      generator = KeyPairGenerator.getInstance("RSA");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    generator.initialize(2048);
    var pair = generator.generateKeyPair();
    Files.createDirectories(dir);
    // write then move, so a crash never leaves half a key behind
    write(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()), false);
    write(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), true);
  }

  private static void write(Path file, String content, boolean secret) throws IOException {
    var tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    // the private key is readable by its owner alone from the moment it exists
    if (secret && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.writeString(tmp, content, StandardCharsets.US_ASCII);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static String pem(String type, byte[] der) {
    var body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
