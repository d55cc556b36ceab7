# The one jar, built as the README builds it, on a JRE 17 image, run as a user without privileges.
#   docker build -t shopifygenie .
#   docker run --rm shopifygenie --help
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
# curl for the health checks of docker-compose.yml
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
  && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin shopifygenie \
  && mkdir -p /app/data/keys && chown -R shopifygenie /app/data
WORKDIR /app
COPY --from=build /src/launcher/target/shopifygenie.jar /app/shopifygenie.jar
USER shopifygenie
ENV SHOPIFYGENIE_DATA_DIR=/app/data
# HTTP (gateway nodes), Hazelcast member port, clustered event bus (config/cluster.yaml)
EXPOSE 5000 5701 5702
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/shopifygenie.jar"]
CMD ["--help"]
