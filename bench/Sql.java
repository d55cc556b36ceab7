import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * psql's -At for machines without it: runs one statement on a database and prints each row's
 * columns separated by a space (null as empty), nothing for a statement without rows. Run it
 * with the shop's jar as class path (it holds the PostgreSQL JDBC driver Flyway uses):
 *   java -cp launcher/target/shopifygenie.jar bench/Sql.java jdbc:postgresql://127.0.0.1:5432/db?user=postgres "SELECT 1"
 */
public final class Sql {
  public static void main(String[] args) throws SQLException {
    try (var connection = DriverManager.getConnection(args[0]); var statement = connection.createStatement()) {
      if (!statement.execute(args[1])) {
        return;
      }
      try (var rows = statement.getResultSet()) {
        var columns = rows.getMetaData().getColumnCount();
        while (rows.next()) {
          var line = new StringBuilder();
          for (int i = 1; i <= columns; i++) {
            var value = rows.getString(i);
            line.append(i > 1 ? " " : "").append(value == null ? "" : value);
          }
          System.out.println(line);
        }
      }
    }
  }
}
