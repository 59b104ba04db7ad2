// Watch activity files for the import tests, made here at test time for the run they must
// match: a FIT file written with Garmin's own encoder (@garmin/fitsdk's Encoder), and GPX 1.1 and
// TCX written as text the way watches export them (Garmin's TrackPointExtension for heart rate
// in GPX). The runner goes due north at a constant speed, so the true distance between any two
// times is speed x time, and the haversine distance between two positions is exactly that too
// (6 371 km sphere, along a meridian).

import { Encoder, Profile } from '@garmin/fitsdk';

const EARTH_M = 6371000;
export const START_LAT = 46.2;
export const START_LON = 6.14;

// A track: per second from `startUnix` for `seconds`, at `speed` m/s, heart rate 150 + a slow
// wave, altitude 400 m + 0.01 m/s.
export function track(startUnix, seconds, speed) {
  const points = [];
  for (let i = 0; i <= seconds; i++) {
    const d = speed * i;
    points.push({
      unix: startUnix + i,
      distance: d,
      speed,
      lat: START_LAT + (d / EARTH_M) * 180 / Math.PI,
      lon: START_LON,
      alt: 400 + 0.01 * i,
      hr: 150 + Math.round(5 * Math.sin(i / 60)),
    });
  }
  return points;
}

const iso = (unix, zoneMinutes = 0) => {
  const local = new Date((unix + zoneMinutes * 60) * 1000).toISOString().replace('.000Z', '');
  if (zoneMinutes === 0) return local + 'Z';
  const sign = zoneMinutes > 0 ? '+' : '-';
  const m = Math.abs(zoneMinutes);
  return `${local}${sign}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

export function fitFile(points, sport = 'running') {
  const e = new Encoder();
  const start = new Date(points[0].unix * 1000);
  const end = new Date(points[points.length - 1].unix * 1000);
  e.onMesg(Profile.MesgNum.FILE_ID, { type: 'activity', manufacturer: 'development', product: 0, timeCreated: start });
  e.onMesg(Profile.MesgNum.EVENT, { timestamp: start, event: 'timer', eventType: 'start' });
  const semicircles = (deg) => Math.round(deg * 2147483648 / 180);
  for (const p of points) {
    e.onMesg(Profile.MesgNum.RECORD, {
      timestamp: new Date(p.unix * 1000), distance: p.distance, enhancedSpeed: p.speed,
      heartRate: p.hr, enhancedAltitude: p.alt, positionLat: semicircles(p.lat), positionLong: semicircles(p.lon),
    });
  }
  e.onMesg(Profile.MesgNum.EVENT, { timestamp: end, event: 'timer', eventType: 'stopAll' });
  const elapsed = points[points.length - 1].unix - points[0].unix;
  e.onMesg(Profile.MesgNum.LAP, { messageIndex: 0, timestamp: end, startTime: start, totalElapsedTime: elapsed, totalTimerTime: elapsed, totalDistance: points[points.length - 1].distance, sport });
  e.onMesg(Profile.MesgNum.SESSION, { messageIndex: 0, timestamp: end, startTime: start, totalElapsedTime: elapsed, totalTimerTime: elapsed, totalDistance: points[points.length - 1].distance, sport, firstLapIndex: 0, numLaps: 1 });
  e.onMesg(Profile.MesgNum.ACTIVITY, { timestamp: end, totalTimerTime: elapsed, numSessions: 1, type: 'manual', event: 'activity', eventType: 'stop' });
  return Buffer.from(e.close());
}

export function gpxFile(points, zoneMinutes = 0) {
  const pts = points.map((p) => `      <trkpt lat="${p.lat.toFixed(9)}" lon="${p.lon.toFixed(9)}">
        <ele>${p.alt.toFixed(2)}</ele>
        <time>${iso(p.unix, zoneMinutes)}</time>
        <extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>${p.hr}</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions>
      </trkpt>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="insole tests (watch_fixtures.mjs)" xmlns="http://www.topografix.com/GPX/1/1"
     xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
  <trk>
    <name>Morning run</name>
    <type>running</type>
    <trkseg>
${pts}
    </trkseg>
  </trk>
</gpx>
`;
}

export function tcxFile(points, sport = 'Running') {
  const pts = points.map((p) => `          <Trackpoint>
            <Time>${iso(p.unix)}</Time>
            <Position><LatitudeDegrees>${p.lat.toFixed(9)}</LatitudeDegrees><LongitudeDegrees>${p.lon.toFixed(9)}</LongitudeDegrees></Position>
            <AltitudeMeters>${p.alt.toFixed(2)}</AltitudeMeters>
            <DistanceMeters>${p.distance.toFixed(2)}</DistanceMeters>
            <HeartRateBpm><Value>${p.hr}</Value></HeartRateBpm>
          </Trackpoint>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
  <Activities>
    <Activity Sport="${sport}">
      <Id>${iso(points[0].unix)}</Id>
      <Lap StartTime="${iso(points[0].unix)}">
        <Track>
${pts}
        </Track>
      </Lap>
    </Activity>
  </Activities>
</TrainingCenterDatabase>
`;
}
