import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.security.MessageDigest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/* Reads every entry of a ZIP with java.util.zip.ZipInputStream, the streaming reader that
 * refuses stored entries with data descriptors, and prints "sha256 size name" for each. */
public class ZipRead {
  public static void main(String[] args) throws Exception {
    try (ZipInputStream in = new ZipInputStream(new BufferedInputStream(new FileInputStream(args[0])))) {
      byte[] buffer = new byte[65536];
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        long size = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
          md.update(buffer, 0, n);
          size += n;
        }
        StringBuilder hex = new StringBuilder();
        for (byte b : md.digest())
          hex.append(String.format("%02x", b));
        System.out.println(hex + " " + size + " " + entry.getName());
      }
    }
  }
}
