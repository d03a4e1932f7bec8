export default function Home() {
  return (
    <main style={{ maxWidth: 720, margin: "4rem auto", padding: "0 1rem" }}>
      <h1>Rota</h1>
      <p>Budget-aware scheduling of automated user-journey tests.</p>
      <p>
        The REST API lives under <code>/api/v1</code>; its OpenAPI document is at{" "}
        <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.
      </p>
    </main>
  );
}
