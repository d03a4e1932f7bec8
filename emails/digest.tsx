// Preview entry for `npm run email:dev` (react-email's preview server reads ./emails).
import { DigestEmail } from "../lib/digest/template";
import { sampleDigest } from "../lib/digest/sample";
import type { DigestContent } from "../lib/digest/content";

export default function DigestPreview(props: Partial<DigestContent>) {
  return <DigestEmail {...sampleDigest()} {...props} />;
}

DigestPreview.PreviewProps = sampleDigest() satisfies DigestContent;
